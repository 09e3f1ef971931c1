using System.Security.Cryptography;
using System.Text;
using JasperFx.Events;
using Platform.Domain.Common;
using Platform.Domain.Datasets;
using Platform.Domain.Datasets.AddingDatasetVersion;
using Platform.Domain.Datasets.Formats;
using Platform.Domain.Datasets.GettingDataset;
using Platform.Domain.Datasets.GettingDatasetVersion;
using Platform.Domain.Datasets.ListingDatasets;
using Platform.Domain.Datasets.RegisteringDataset;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Datasets;

public sealed class AddDatasetVersionTests(DatasetsDatabase database) : IClassFixture<DatasetsDatabase>
{
    private async Task<Guid> RegisterAsync(DatasetTaskKind kind = DatasetTaskKind.Instruction) =>
        (await database.SendAsync(new RegisterDataset($"ds-{Guid.NewGuid():N}", kind, "test data", TestUsers.Researcher))).Value;

    [Fact]
    public async Task Given_a_registered_dataset_When_adding_an_upload_Then_a_version_records_format_schema_count_hash_splits_source_and_blob()
    {
        var datasetId = await RegisterAsync();

        var versionId = (await database.SendAsync(new AddDatasetVersion(datasetId, Uploads.Jsonl(Uploads.InstructionJsonl, "tasks.jsonl"), new SplitSpec(0.34, 0, Seed: 3), TestUsers.Researcher))).Value;

        var stream = await database.StreamAsync(datasetId);
        Assert.Equal([typeof(DatasetRegistered), typeof(DatasetVersionAdded)], stream.Select(e => e.Data.GetType()));
        var added = Assert.IsType<DatasetVersionAdded>(stream[1].Data);
        Assert.Equal(versionId, added.VersionId);
        Assert.Equal(1, added.Number);
        Assert.Equal(DatasetFileFormat.Jsonl, added.Format);
        Assert.Equal(3, added.RecordCount);
        Assert.Equal(["id", "input", "instruction", "output"], added.Schema.Select(f => f.Name));
        Assert.Equal("upload: tasks.jsonl", added.Source);
        Assert.Equal(TestUsers.Researcher, added.AddedBy);
        Assert.Equal([new DatasetSplit("train", 3, 2), new DatasetSplit("validation", 3, 1), new DatasetSplit("test", 3, 0)], added.Splits);
        Assert.Equal($"sha256/{added.Sha256[..2]}/{added.Sha256[2..]}", added.BlobLocation);
        var blob = await File.ReadAllBytesAsync(Path.Combine(database.BlobRoot, added.BlobLocation));
        Assert.Equal(added.Sha256, Convert.ToHexStringLower(SHA256.HashData(blob)));
    }

    [Fact]
    public async Task Given_a_version_When_the_same_records_arrive_again_even_as_CSV_Then_the_existing_version_is_returned_and_nothing_is_appended()
    {
        var datasetId = await RegisterAsync();
        var first = await database.SendAsync(new AddDatasetVersion(datasetId, Uploads.Jsonl(Uploads.InstructionJsonl), new SplitSpec(), TestUsers.Researcher));
        var csv = Uploads.Csv("instruction,input,output,id\nAdd,2 and 3,5,\nGreet,,Hello,g1\nSay hello in French,,Bonjour,c1\n");

        var again = await database.SendAsync(new AddDatasetVersion(datasetId, Uploads.Jsonl(Uploads.InstructionJsonl), new SplitSpec(), TestUsers.Admin));
        var asCsv = await database.SendAsync(new AddDatasetVersion(datasetId, csv, new SplitSpec(), TestUsers.Admin));

        Assert.Equal(first.Value, again.Value);
        Assert.Equal(first.Value, asCsv.Value);
        Assert.Equal(2, (await database.StreamAsync(datasetId)).Count);
    }

    [Fact]
    public async Task Given_versions_When_new_content_or_a_new_split_is_added_Then_they_are_numbered_1_2_3()
    {
        var datasetId = await RegisterAsync(DatasetTaskKind.Text);

        await database.SendAsync(new AddDatasetVersion(datasetId, Uploads.Jsonl("{\"text\":\"a\"}\n"), new SplitSpec(0, 0), TestUsers.Researcher));
        await database.SendAsync(new AddDatasetVersion(datasetId, Uploads.Jsonl("{\"text\":\"b\"}\n"), new SplitSpec(0, 0), TestUsers.Researcher));
        await database.SendAsync(new AddDatasetVersion(datasetId, Uploads.Jsonl("{\"text\":\"b\"}\n"), new SplitSpec(0, 0, Seed: 9), TestUsers.Researcher));

        var dataset = (await database.SendAsync(new GetDataset(datasetId))).Value;
        Assert.Equal([1, 2, 3], dataset.Versions.Select(v => v.Number));
        Assert.Equal(dataset.Versions[1].Sha256, dataset.Versions[2].Sha256);
    }

    [Fact]
    public async Task Given_a_client_command_id_When_the_same_AddDatasetVersion_is_sent_twice_Then_one_version_and_the_retry_does_not_read_the_file_again()
    {
        var datasetId = await RegisterAsync(DatasetTaskKind.Text);
        var opened = 0;
        var upload = new UploadedFile("a.jsonl", DatasetFileFormat.Jsonl, () =>
        {
            opened++;
            return new MemoryStream("{\"text\":\"retried\"}\n"u8.ToArray());
        });
        var command = new AddDatasetVersion(datasetId, upload, new SplitSpec(), TestUsers.Researcher, Guid.NewGuid());

        var first = await database.SendAsync(command);
        var retry = await database.SendAsync(command);

        Assert.Equal(first.Value, retry.Value);
        Assert.Equal(1, opened);
        Assert.Equal(2, (await database.StreamAsync(datasetId)).Count);
    }

    /// <summary>Built on demand, by name: xunit would otherwise serialise every byte of the 50 MB case into test discovery.</summary>
    private static readonly Dictionary<string, (Func<byte[]> Bytes, DatasetFileFormat Format)> MalformedUploads = new()
    {
        ["wrong encoding"] = (() => [.. "{\"text\":\"caf"u8, 0xE9, .. "\",\"label\":\"a\"}\n"u8], DatasetFileFormat.Jsonl),
        ["UTF-16 BOM"] = (() => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("{\"text\":\"a\",\"label\":\"b\"}\n")], DatasetFileFormat.Jsonl),
        ["missing field"] = (() => "{\"text\":\"a\"}\n"u8.ToArray(), DatasetFileFormat.Jsonl),
        ["wrong type"] = (() => "{\"text\":\"a\",\"label\":true}\n"u8.ToArray(), DatasetFileFormat.Jsonl),
        ["50 MB single line"] = (FiftyMegabyteLine, DatasetFileFormat.Jsonl),
        ["duplicate ids"] = (() => "{\"id\":1,\"text\":\"a\",\"label\":\"x\"}\n{\"id\":1,\"text\":\"b\",\"label\":\"y\"}\n"u8.ToArray(), DatasetFileFormat.Jsonl),
        ["empty file"] = (() => [], DatasetFileFormat.Jsonl),
        ["CSV without the label column"] = (() => "text\nhello\n"u8.ToArray(), DatasetFileFormat.Csv),
    };

    public static TheoryData<string> MalformedUploadCases() => new(MalformedUploads.Keys);

    private static byte[] FiftyMegabyteLine()
    {
        var line = new byte[50 * 1024 * 1024];
        Array.Fill(line, (byte)'x');
        "{\"text\":\""u8.CopyTo(line);
        "\",\"label\":\"a\"}"u8.CopyTo(line.AsSpan(line.Length - 14));
        return line;
    }

    [Theory]
    [MemberData(nameof(MalformedUploadCases))]
    public async Task Given_a_malformed_upload_When_adding_it_Then_every_bad_line_is_a_validation_error_and_no_event_is_appended(string @case)
    {
        var (bytes, format) = MalformedUploads[@case];
        var datasetId = await RegisterAsync(DatasetTaskKind.Classification);
        var eventsBefore = await database.CountAllEventsAsync();

        var result = await database.SendAsync(new AddDatasetVersion(datasetId, Uploads.File(bytes(), format, @case), new SplitSpec(), TestUsers.Researcher));

        Assert.False(result.IsSuccess, @case);
        Assert.All(result.Errors, e =>
        {
            Assert.Equal(ErrorKind.Validation, e.Kind);
            Assert.StartsWith("line ", e.Field);
            Assert.StartsWith($"{e.Field}: ", e.Message);
        });
        Assert.Equal(eventsBefore, await database.CountAllEventsAsync());
        Assert.Empty((await database.SendAsync(new GetDataset(datasetId))).Value.Versions);
    }

    [Fact]
    public async Task Given_an_unknown_dataset_When_adding_a_version_Then_not_found()
    {
        var result = await database.SendAsync(new AddDatasetVersion(Guid.NewGuid(), Uploads.Jsonl("{\"text\":\"a\"}\n"), new SplitSpec(), TestUsers.Researcher));

        Assert.Equal(ErrorKind.NotFound, Assert.Single(result.Errors).Kind);
    }

    [Fact]
    public async Task Given_fractions_that_leave_no_training_records_When_adding_Then_a_validation_error()
    {
        var datasetId = await RegisterAsync(DatasetTaskKind.Text);

        var result = await database.SendAsync(new AddDatasetVersion(datasetId, Uploads.Jsonl("{\"text\":\"a\"}\n"), new SplitSpec(0.5, 0.5), TestUsers.Researcher));

        Assert.Equal(ErrorKind.Validation, Assert.Single(result.Errors).Kind);
    }

    [Fact]
    public async Task Given_a_version_When_getting_it_Then_a_preview_of_its_first_records_from_the_blob()
    {
        var datasetId = await RegisterAsync();
        await database.SendAsync(new AddDatasetVersion(datasetId, Uploads.Jsonl(Uploads.InstructionJsonl), new SplitSpec(), TestUsers.Researcher));

        var details = (await database.SendAsync(new GetDatasetVersion(datasetId, 1, PreviewCount: 2))).Value;
        var missing = await database.SendAsync(new GetDatasetVersion(datasetId, 2));

        Assert.Equal(
            ["""{"input":"2 and 3","instruction":"Add","output":"5"}""", """{"id":"g1","input":"","instruction":"Greet","output":"Hello"}"""],
            details.Preview);
        Assert.Equal(3, details.Version.RecordCount);
        Assert.Equal(ErrorKind.NotFound, Assert.Single(missing.Errors).Kind);
    }

    [Fact]
    public async Task Given_datasets_When_listing_Then_they_come_ordered_by_name_with_their_versions()
    {
        var datasetId = await RegisterAsync(DatasetTaskKind.Text);
        await database.SendAsync(new AddDatasetVersion(datasetId, Uploads.Jsonl("{\"text\":\"listed\"}\n"), new SplitSpec(), TestUsers.Researcher));

        var listed = (await database.SendAsync(new ListDatasets())).Value;

        Assert.Equal(listed.Select(d => d.Name).Order(StringComparer.Ordinal), listed.Select(d => d.Name));
        Assert.Single(Assert.Single(listed, d => d.Id == datasetId).Versions);
    }

    [Fact]
    public async Task Given_a_dataset_with_versions_When_its_summary_is_compared_with_a_fold_and_a_rebuild_of_its_events_Then_they_are_equal()
    {
        var datasetId = await RegisterAsync(DatasetTaskKind.Text);
        await database.SendAsync(new AddDatasetVersion(datasetId, Uploads.Jsonl("{\"text\":\"one\"}\n"), new SplitSpec(), TestUsers.Researcher));
        await database.SendAsync(new AddDatasetVersion(datasetId, Uploads.Jsonl("{\"text\":\"two\"}\n"), new SplitSpec(Column: null, Seed: 1), TestUsers.Admin));

        await using var session = database.Store.LightweightSession();
        var stored = await session.LoadAsync<DatasetSummary>(datasetId);
        var folded = await session.Events.AggregateStreamAsync<DatasetSummary>(datasetId);
        await database.Store.Advanced.RebuildSingleStreamAsync<DatasetSummary>(datasetId);
        await using var afterRebuild = database.Store.QuerySession();
        var rebuilt = await afterRebuild.LoadAsync<DatasetSummary>(datasetId);

        AssertSameSummary(stored!, folded!);
        AssertSameSummary(stored!, rebuilt!);
    }

    private static void AssertSameSummary(DatasetSummary expected, DatasetSummary actual)
    {
        Assert.Equal(expected with { Versions = [] }, actual with { Versions = [] });
        Assert.Equal(expected.Versions.Count, actual.Versions.Count);
        foreach (var (e, a) in expected.Versions.Zip(actual.Versions))
        {
            Assert.Equal(e with { Schema = [], Splits = [] }, a with { Schema = [], Splits = [] });
            Assert.Equal(e.Schema, a.Schema);
            Assert.Equal(e.Splits, a.Splits);
        }
    }
}
