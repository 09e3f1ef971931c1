using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Platform.Domain.Datasets.Formats;

/// <summary>One line of a text upload: its text, or why it cannot be read.</summary>
public readonly record struct Utf8Line(long Number, string? Text, string? Error);

/// <summary>
/// Splits a byte stream into UTF-8 lines (LF or CRLF) with 1-based line numbers. A UTF-8 byte order mark
/// is accepted and dropped (spreadsheet programs write one); a UTF-16 mark makes the whole upload fail,
/// since decoding it as UTF-8 would only give garbage. A line longer than the cap is skipped up to its end
/// and reported, so a 50 MB single line never becomes one string.
/// </summary>
public static class Utf8Lines
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];
    private const int ChunkSize = 64 * 1024;

    public const string Utf16Message = "UTF-16 is not supported; save the file as UTF-8.";

    public static IEnumerable<Utf8Line> Read(Stream stream, int maxLineBytes)
    {
        var chunk = new byte[ChunkSize];
        var line = new ArrayBufferWriter<byte>();
        long number = 1;
        var tooLong = false;
        var first = true;
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            var start = 0;
            if (first)
            {
                first = false;
                if (read >= 2 && (chunk[0], chunk[1]) is (0xFF, 0xFE) or (0xFE, 0xFF))
                {
                    yield return new Utf8Line(1, null, Utf16Message);
                    yield break;
                }

                if (chunk.AsSpan(0, read).StartsWith(Utf8Bom))
                {
                    start = Utf8Bom.Length;
                }
            }

            while (true)
            {
                var newline = Array.IndexOf(chunk, (byte)'\n', start, read - start);
                var end = newline < 0 ? read : newline;
                if (!tooLong && line.WrittenCount + (end - start) > maxLineBytes)
                {
                    tooLong = true;
                    line.ResetWrittenCount();
                }

                if (!tooLong)
                {
                    line.Write(chunk.AsSpan(start, end - start));
                }

                if (newline < 0)
                {
                    break;
                }

                yield return Complete(number++, line, tooLong, maxLineBytes);
                line.ResetWrittenCount();
                tooLong = false;
                start = end + 1;
            }
        }

        if (line.WrittenCount > 0 || tooLong)
        {
            yield return Complete(number, line, tooLong, maxLineBytes);
        }
    }

    private static Utf8Line Complete(long number, ArrayBufferWriter<byte> line, bool tooLong, int maxLineBytes)
    {
        if (tooLong)
        {
            return new Utf8Line(number, null, $"the line is longer than the limit of {maxLineBytes:N0} bytes per record");
        }

        var bytes = line.WrittenSpan;
        if (bytes.EndsWith((byte)'\r'))
        {
            bytes = bytes[..^1];
        }

        return Utf8.IsValid(bytes)
            ? new Utf8Line(number, Encoding.UTF8.GetString(bytes), null)
            : new Utf8Line(number, null, $"not valid UTF-8 (first bad byte at byte {FirstInvalidByte(bytes) + 1} of the line); save the file as UTF-8");
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        Utf8.ToUtf16(bytes, new char[bytes.Length], out var consumed, out _, replaceInvalidSequences: false);
        return consumed;
    }
}
