using Platform.Domain.Datasets.AddingDatasetVersion;
using Platform.Domain.Datasets.Formats;

namespace Platform.Web.Features.Datasets;

/// <summary>Turns an uploaded file (HTTP form or the page's file picker) into the domain's <see cref="UploadedFile"/>.</summary>
public static class DatasetUploads
{
    /// <summary>The format a file name declares by its extension, or null when it declares none we read.</summary>
    public static DatasetFileFormat? FormatOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".jsonl" or ".ndjson" => DatasetFileFormat.Jsonl,
        ".csv" => DatasetFileFormat.Csv,
        ".parquet" => DatasetFileFormat.Parquet,
        _ => null,
    };

    /// <summary>
    /// Reads the upload into memory asynchronously first: the domain parses synchronously, and a request or
    /// circuit stream must not be read synchronously.
    /// </summary>
    public static async Task<UploadedFile> BufferAsync(string fileName, DatasetFileFormat format, Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        return new UploadedFile(fileName, format, () => new MemoryStream(bytes, writable: false));
    }
}
