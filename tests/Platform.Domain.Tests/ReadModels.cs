using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Platform.Domain.Tests;

/// <summary>
/// Compares read models by content (records holding lists and dictionaries compare those by reference),
/// leaving out members computed from the clock at read time (RunSummary.Duration of a running run).
/// </summary>
internal static class ReadModels
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers = { info => info.Properties.ToList().Where(p => p.Name == "Duration").ToList().ForEach(p => info.Properties.Remove(p)) },
        },
    };

    public static string Json<T>(T model) => JsonSerializer.Serialize(model, Options);

    public static void Equal<T>(T expected, T actual) => Xunit.Assert.Equal(Json(expected), Json(actual));
}
