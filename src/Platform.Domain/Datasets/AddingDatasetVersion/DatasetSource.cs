using System.Text.Json.Nodes;
using Platform.Domain.Datasets.Formats;

namespace Platform.Domain.Datasets.AddingDatasetVersion;

/// <summary>Where a version's records come from; <see cref="Description"/> is recorded in the event.</summary>
public abstract record DatasetSource(string Description, DatasetFileFormat Format)
{
    /// <summary>The records, each with its line (files) or position (imports), or why one is not a record.</summary>
    public abstract IEnumerable<(long Line, JsonObject? Record, string? Error)> Read(DatasetTaskKind kind, ParseOptions options);
}

/// <summary>A file a user uploaded, read as its declared format. <see cref="Open"/> is called once, only when the command is not a retry.</summary>
public sealed record UploadedFile(string FileName, DatasetFileFormat FileFormat, Func<Stream> Open) : DatasetSource($"upload: {FileName}", FileFormat)
{
    public override IEnumerable<(long Line, JsonObject? Record, string? Error)> Read(DatasetTaskKind kind, ParseOptions options)
    {
        using var stream = Open();
        foreach (var row in DatasetContent.Read(stream, FileFormat, kind, options))
        {
            yield return row;
        }
    }
}

/// <summary>Records a built-in importer produced (e.g. <c>brown-genres</c>); they pass the same checks as an upload.</summary>
public sealed record ImportedRecords(string Importer, Func<IEnumerable<JsonObject>> Records) : DatasetSource($"importer: {Importer}", DatasetFileFormat.Records)
{
    public override IEnumerable<(long Line, JsonObject? Record, string? Error)> Read(DatasetTaskKind kind, ParseOptions options) =>
        Records().Select((record, i) => ((long)i + 1, (JsonObject?)record, (string?)null));
}
