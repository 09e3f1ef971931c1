using System.Text;
using Platform.Domain.Datasets.AddingDatasetVersion;
using Platform.Domain.Datasets.Formats;

namespace Platform.Domain.Tests.Datasets;

/// <summary>Upload files made in memory for the dataset tests.</summary>
internal static class Uploads
{
    public const string InstructionJsonl =
        """
        {"instruction":"Add","input":"2 and 3","output":"5"}
        {"instruction":"Greet","output":"Hello","id":"g1"}
        {"id":"c1","output":"Bonjour","instruction":"Say hello in French","input":""}

        """;

    public static UploadedFile Jsonl(string text, string fileName = "data.jsonl") => File(Encoding.UTF8.GetBytes(text), DatasetFileFormat.Jsonl, fileName);

    public static UploadedFile Csv(string text, string fileName = "data.csv") => File(Encoding.UTF8.GetBytes(text), DatasetFileFormat.Csv, fileName);

    public static UploadedFile File(byte[] bytes, DatasetFileFormat format, string fileName = "data") => new(fileName, format, () => new MemoryStream(bytes, writable: false));

    public static (NormalisedContent? Content, IReadOnlyList<RecordError> Errors) Parse(DatasetSource source, DatasetTaskKind kind, SplitSpec? split = null, ParseOptions? options = null) =>
        DatasetContent.Normalise(source.Read(kind, options ?? ParseOptions.Default), kind, split ?? new SplitSpec());
}
