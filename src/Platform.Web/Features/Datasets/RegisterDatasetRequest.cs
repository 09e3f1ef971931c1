using Platform.Domain.Datasets.Formats;

namespace Platform.Web.Features.Datasets;

/// <summary>The body of <c>POST /api/datasets</c>.</summary>
public sealed record RegisterDatasetRequest(string Name, DatasetTaskKind TaskKind, string? Description);
