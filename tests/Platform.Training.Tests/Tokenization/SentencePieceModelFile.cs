using Google.Protobuf;

namespace Platform.Training.Tests.Tokenization;

/// <summary>
/// Writes a tiny Llama-style SentencePiece model (sentencepiece_model.proto: BPE, byte fallback,
/// &lt;unk&gt;=0, &lt;s&gt;=1, &lt;/s&gt;=2, then the 256 byte pieces, then word pieces ranked by score),
/// so that loading tokenizer.model is tested without downloading a real one.
/// </summary>
internal static class SentencePieceModelFile
{
    public static readonly string[] WordPieces = ["▁t", "he", "▁the", "▁c", "at", "▁cat", "▁", "t", "h", "e", "c", "a"];

    public static int FirstWordPieceId => 3 + 256;

    private enum PieceType { Normal = 1, Unknown = 2, Control = 3, Byte = 6 }

    public static void Write(string path)
    {
        using var file = File.Create(path);
        var model = new CodedOutputStream(file);
        Piece(model, "<unk>", 0, PieceType.Unknown);
        Piece(model, "<s>", 0, PieceType.Control);
        Piece(model, "</s>", 0, PieceType.Control);
        for (var value = 0; value < 256; value++)
        {
            Piece(model, $"<0x{value:X2}>", 0, PieceType.Byte);
        }

        // SentencePiece's BPE merges the adjacent pair whose result has the highest score.
        for (var rank = 0; rank < WordPieces.Length; rank++)
        {
            Piece(model, WordPieces[rank], -rank, PieceType.Normal);
        }

        Message(model, 2, trainer =>
        {
            Varint(trainer, 3, 2); // model_type: BPE
            Varint(trainer, 35, 1); // byte_fallback
            Varint(trainer, 40, 0); // unk_id
            Varint(trainer, 41, 1); // bos_id
            Varint(trainer, 42, 2); // eos_id
            Varint(trainer, 43, -1); // pad_id: none
        });
        Message(model, 3, normalizer =>
        {
            normalizer.WriteTag(1, WireFormat.WireType.LengthDelimited);
            normalizer.WriteString("identity");
            Varint(normalizer, 3, 1); // add_dummy_prefix
            Varint(normalizer, 4, 0); // remove_extra_whitespaces
            Varint(normalizer, 5, 1); // escape_whitespaces
        });
        model.Flush();
    }

    private static void Piece(CodedOutputStream model, string text, float score, PieceType type) => Message(model, 1, piece =>
    {
        piece.WriteTag(1, WireFormat.WireType.LengthDelimited);
        piece.WriteString(text);
        piece.WriteTag(2, WireFormat.WireType.Fixed32);
        piece.WriteFloat(score);
        Varint(piece, 3, (int)type);
    });

    private static void Varint(CodedOutputStream output, int field, int value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt32(value);
    }

    private static void Message(CodedOutputStream output, int field, Action<CodedOutputStream> writeFields)
    {
        using var buffer = new MemoryStream();
        var inner = new CodedOutputStream(buffer);
        writeFields(inner);
        inner.Flush();
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(buffer.ToArray()));
    }
}
