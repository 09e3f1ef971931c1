using System.Text;
using System.Text.Json.Serialization;
using Parquet.Serialization;
using Platform.Domain.Datasets.Formats;
using Xunit;

namespace Platform.Domain.Tests.Datasets;

public sealed class UploadParsingTests
{
    [Fact]
    public void Given_instruction_records_When_parsed_from_JSONL_and_from_CSV_Then_the_canonical_content_and_hash_are_the_same()
    {
        var csv = Uploads.Csv(
            """
            id,instruction,input,output
            ,Add,2 and 3,5
            g1,Greet,,Hello
            c1,Say hello in French,,Bonjour

            """);

        var fromJsonl = Uploads.Parse(Uploads.Jsonl(Uploads.InstructionJsonl), DatasetTaskKind.Instruction).Content!;
        var fromCsv = Uploads.Parse(csv, DatasetTaskKind.Instruction).Content!;

        Assert.Equal(3, fromJsonl.RecordCount);
        Assert.Equal(fromJsonl.Lines, fromCsv.Lines);
        Assert.Equal(fromJsonl.Sha256, fromCsv.Sha256);
        Assert.Equal("""{"id":"c1","input":"","instruction":"Say hello in French","output":"Bonjour"}""", fromJsonl.Lines[2]);
        Assert.Equal([new DatasetField("id", "string"), new DatasetField("input", "string"), new DatasetField("instruction", "string"), new DatasetField("output", "string")], fromJsonl.Schema);
    }

    [Fact]
    public async Task Given_classification_records_When_parsed_from_Parquet_Then_they_hash_as_the_same_JSONL()
    {
        using var parquet = new MemoryStream();
        await ParquetSerializer.SerializeAsync(new[] { new Labelled("great film", "pos"), new Labelled("dull plot", "neg") }, parquet);
        var jsonl = Uploads.Jsonl("{\"label\":\"pos\",\"text\":\"great film\"}\n{\"text\":\"dull plot\",\"label\":\"neg\"}\n");

        var fromParquet = Uploads.Parse(Uploads.File(parquet.ToArray(), DatasetFileFormat.Parquet), DatasetTaskKind.Classification);
        var fromJsonl = Uploads.Parse(jsonl, DatasetTaskKind.Classification);

        Assert.Empty(fromParquet.Errors);
        Assert.Equal(fromJsonl.Content!.Sha256, fromParquet.Content!.Sha256);
    }

    [Fact]
    public void Given_a_UTF8_byte_order_mark_When_parsed_Then_it_is_dropped_and_the_hash_is_unchanged()
    {
        var plain = Encoding.UTF8.GetBytes(Uploads.InstructionJsonl);

        var withBom = Uploads.Parse(Uploads.File([0xEF, 0xBB, 0xBF, .. plain], DatasetFileFormat.Jsonl), DatasetTaskKind.Instruction).Content!;
        var without = Uploads.Parse(Uploads.File(plain, DatasetFileFormat.Jsonl), DatasetTaskKind.Instruction).Content!;

        Assert.Equal(without.Sha256, withBom.Sha256);
    }

    [Theory]
    [InlineData(DatasetFileFormat.Jsonl)]
    [InlineData(DatasetFileFormat.Csv)]
    public void Given_a_UTF16_file_When_parsed_Then_one_error_says_to_save_it_as_UTF8(DatasetFileFormat format)
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("{\"text\":\"hello\"}\n")).ToArray();

        var (content, errors) = Uploads.Parse(Uploads.File(bytes, format), DatasetTaskKind.Text);

        Assert.Null(content);
        Assert.Equal(new RecordError(1, "UTF-16 is not supported; save the file as UTF-8."), Assert.Single(errors));
    }

    [Fact]
    public void Given_invalid_UTF8_on_one_line_When_parsed_Then_that_line_is_reported()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"text\":\"fine\"}\n{\"text\":\"caf").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}\n")).ToArray();

        var (content, errors) = Uploads.Parse(Uploads.File(bytes, DatasetFileFormat.Jsonl), DatasetTaskKind.Text);

        Assert.Null(content);
        var error = Assert.Single(errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("not valid UTF-8", error.Reason);
    }

    [Fact]
    public void Given_several_bad_lines_When_parsed_Then_every_one_is_reported_with_its_line_and_reason()
    {
        var upload = Uploads.Jsonl(
            """
            {"text":"ok","label":"pos"}
            {"text":"no label"}
            {"text":5,"label":"pos"}
            not json
            [1,2]
            {"text":"ok","label":"neg","id":{"a":1}}
            {"text":"  ","label":"neg"}
            """);

        var (content, errors) = Uploads.Parse(upload, DatasetTaskKind.Classification);

        Assert.Null(content);
        Assert.Equal([2, 3, 4, 5, 6, 7], errors.Select(e => e.Line));
        Assert.Equal("missing field 'label'", errors[0].Reason);
        Assert.Equal("field 'text' must be a string, not number", errors[1].Reason);
        Assert.StartsWith("not valid JSON", errors[2].Reason);
        Assert.Equal("a line must hold one JSON object", errors[3].Reason);
        Assert.Equal("field 'id' must be a string or a number, not object", errors[4].Reason);
        Assert.Equal("field 'text' is empty", errors[5].Reason);
    }

    [Fact]
    public void Given_a_50MB_single_line_When_parsed_Then_it_is_rejected_by_the_record_limit_and_the_next_line_still_counts()
    {
        var huge = new byte[50 * 1024 * 1024 + 20];
        Array.Fill(huge, (byte)'a');
        "{\"text\":\""u8.CopyTo(huge);
        huge[^2] = (byte)'"';
        huge[^1] = (byte)'}';
        var bytes = huge.Concat("\n{\"text\":\"short\"}\n{\"text\":"u8.ToArray()).ToArray();

        var (content, errors) = Uploads.Parse(Uploads.File(bytes, DatasetFileFormat.Jsonl), DatasetTaskKind.Text);

        Assert.Null(content);
        Assert.Equal([1, 3], errors.Select(e => e.Line));
        Assert.Equal("the line is longer than the limit of 1,048,576 bytes per record", errors[0].Reason);
    }

    [Fact]
    public void Given_a_smaller_configured_limit_When_a_CSV_field_exceeds_it_Then_the_row_is_reported()
    {
        var upload = Uploads.Csv("text\nshort\n" + new string('x', 300) + "\n");

        var (_, errors) = Uploads.Parse(upload, DatasetTaskKind.Text, options: new ParseOptions { MaxRecordBytes = 100 });

        Assert.Equal(3, Assert.Single(errors).Line);
    }

    [Fact]
    public void Given_duplicate_ids_When_parsed_Then_the_repeat_is_reported_with_the_first_line()
    {
        var upload = Uploads.Jsonl("{\"id\":7,\"text\":\"a\"}\n{\"id\":8,\"text\":\"b\"}\n{\"id\":7,\"text\":\"c\"}\n");

        var (content, errors) = Uploads.Parse(upload, DatasetTaskKind.Text);

        Assert.Null(content);
        Assert.Equal(new RecordError(3, "duplicate id 7 (first on line 1)"), Assert.Single(errors));
    }

    [Theory]
    [InlineData(DatasetFileFormat.Jsonl, "")]
    [InlineData(DatasetFileFormat.Jsonl, "\n  \n")]
    [InlineData(DatasetFileFormat.Csv, "")]
    [InlineData(DatasetFileFormat.Csv, "text\n")]
    public void Given_an_empty_file_When_parsed_Then_it_holds_no_records(DatasetFileFormat format, string text)
    {
        var (content, errors) = Uploads.Parse(Uploads.File(Encoding.UTF8.GetBytes(text), format), DatasetTaskKind.Text);

        Assert.Null(content);
        Assert.Equal("the file holds no records", Assert.Single(errors).Reason);
    }

    [Fact]
    public void Given_a_file_that_is_not_Parquet_When_parsed_as_Parquet_Then_a_clear_error()
    {
        var (content, errors) = Uploads.Parse(Uploads.File("{\"text\":\"a\"}"u8.ToArray(), DatasetFileFormat.Parquet), DatasetTaskKind.Text);

        Assert.Null(content);
        Assert.StartsWith("not a readable Parquet file", Assert.Single(errors).Reason);
    }

    [Fact]
    public void Given_chat_records_When_parsed_from_JSONL_and_from_CSV_with_a_JSON_cell_Then_they_agree_and_bad_roles_are_reported()
    {
        const string messages = """[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"}]""";
        var jsonl = Uploads.Jsonl($"{{\"messages\":{messages}}}\n{{\"messages\":[{{\"role\":\"robot\",\"content\":\"x\"}}]}}\n{{\"messages\":[]}}\n");
        var csv = Uploads.Csv($"messages\n\"{messages.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n");

        var (_, errors) = Uploads.Parse(jsonl, DatasetTaskKind.Chat);
        var fromCsv = Uploads.Parse(csv, DatasetTaskKind.Chat).Content!;
        var fromJsonl = Uploads.Parse(Uploads.Jsonl($"{{\"messages\":{messages}}}\n"), DatasetTaskKind.Chat).Content!;

        Assert.Equal([2, 3], errors.Select(e => e.Line));
        Assert.Equal("messages[0].role must be one of system, user, assistant", errors[0].Reason);
        Assert.Equal(fromJsonl.Sha256, fromCsv.Sha256);
    }

    [Fact]
    public void Given_token_tagging_records_When_tags_do_not_match_tokens_Then_the_line_is_reported()
    {
        var upload = Uploads.Jsonl("{\"tokens\":[\"The\",\"dog\"],\"tags\":[\"AT\",\"NN\"]}\n{\"tokens\":[\"The\",\"dog\"],\"tags\":[\"AT\"]}\n");

        var (_, errors) = Uploads.Parse(upload, DatasetTaskKind.TokenTagging);

        Assert.Equal(new RecordError(2, "'tokens' has 2 items but 'tags' has 1; every token needs one tag"), Assert.Single(errors));
    }

    [Fact]
    public void Given_preference_records_When_parsed_Then_they_are_valid()
    {
        var (content, errors) = Uploads.Parse(Uploads.Jsonl("{\"prompt\":\"Say hi\",\"chosen\":\"Hi!\",\"rejected\":\"No.\"}\n"), DatasetTaskKind.Preference);

        Assert.Empty(errors);
        Assert.Equal(1, content!.RecordCount);
    }

    [Fact]
    public void Given_a_seed_When_splitting_twice_Then_the_same_assignment_and_sizes_that_add_up()
    {
        var spec = new SplitSpec(0.1, 0.2, Seed: 7);

        var first = DatasetSplits.Assign(1000, spec);
        var second = DatasetSplits.Assign(1000, spec);
        var other = DatasetSplits.Assign(1000, spec with { Seed = 8 });

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal([("train", 700), ("validation", 100), ("test", 200)], DatasetSplits.Summarise(first, 7).Select(s => (s.Name, s.Size)));
    }

    [Fact]
    public void Given_a_split_column_When_parsed_Then_sizes_follow_the_column_and_bad_values_are_reported()
    {
        var upload = Uploads.Jsonl("{\"text\":\"a\",\"split\":\"train\"}\n{\"text\":\"b\",\"split\":\"test\"}\n{\"text\":\"c\",\"split\":\"dev\"}\n");
        var valid = Uploads.Jsonl("{\"text\":\"a\",\"split\":\"train\"}\n{\"text\":\"b\",\"split\":\"test\"}\n");

        var (_, errors) = Uploads.Parse(upload, DatasetTaskKind.Text, new SplitSpec(Column: "split"));
        var content = Uploads.Parse(valid, DatasetTaskKind.Text, new SplitSpec(Column: "split")).Content!;

        Assert.Equal(3, Assert.Single(errors).Line);
        Assert.Equal([new DatasetSplit("train", null, 1), new DatasetSplit("validation", null, 0), new DatasetSplit("test", null, 1)], content.Splits);
    }

    /// <summary>A Parquet row; the column names are the record schema's.</summary>
    private sealed record Labelled([property: JsonPropertyName("text")] string Text, [property: JsonPropertyName("label")] string Label);
}
