namespace Platform.Web.Features.Runs;

internal static class Formatting
{
    public static string Loss(double? value) => value is { } v ? v.ToString("F4") : "—";

    public static string Duration(TimeSpan? value) => value is not { } d
        ? "—"
        : d.TotalHours >= 1 ? d.ToString(@"h\:mm\:ss") : d.ToString(@"m\:ss");

    public static string Time(DateTimeOffset? value) => value?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss") ?? "—";
}
