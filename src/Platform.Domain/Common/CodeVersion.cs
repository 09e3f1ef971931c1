using System.Reflection;

namespace Platform.Domain.Common;

/// <summary>
/// The git commit this build was made from (embedded by Platform.Domain.csproj at build time; "unknown"
/// outside a git clone), recorded in every RunQueued so a result can be traced to its code.
/// </summary>
public static class CodeVersion
{
    public const string Unknown = "unknown";

    public static string Current { get; } =
        typeof(CodeVersion).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "CodeVersion")?.Value is { Length: > 0 } commit
            ? commit
            : Unknown;
}
