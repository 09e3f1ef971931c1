using System.Text.Json.Nodes;

namespace Platform.Domain.Datasets.Formats;

/// <summary>The valid records of an upload (normalised, in file order), each with its line, and every error found.</summary>
public sealed record ParsedRecords(IReadOnlyList<(long Line, JsonObject Record)> Records, IReadOnlyList<RecordError> Errors);
