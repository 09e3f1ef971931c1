using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Platform.Training.Checkpoints;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header naming each tensor's
/// dtype, shape and byte range, then the raw little-endian tensor bytes.
/// </summary>
public static class SafeTensors
{
    private static readonly Dictionary<ScalarType, (string Name, int Size)> DTypes = new()
    {
        [ScalarType.Float32] = ("F32", 4),
        [ScalarType.Float16] = ("F16", 2),
        [ScalarType.BFloat16] = ("BF16", 2),
        [ScalarType.Int64] = ("I64", 8),
        [ScalarType.Byte] = ("U8", 1),
    };

    public static void Write(string path, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var ordered = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            header["__metadata__"] = new JsonObject(metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        }

        long offset = 0;
        foreach (var (name, tensor) in ordered)
        {
            var (dtypeName, size) = DTypes.TryGetValue(tensor.dtype, out var d)
                ? d
                : throw new NotSupportedException($"Tensor '{name}' has dtype {tensor.dtype}, which safetensors writing does not support here.");
            var length = tensor.numel() * size;
            header[name] = new JsonObject
            {
                ["dtype"] = dtypeName,
                ["shape"] = new JsonArray(tensor.shape.Select(s => (JsonNode?)s).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + length),
            };
            offset += length;
        }

        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header);
        var padded = (headerBytes.Length + 7) / 8 * 8;
        using var file = File.Create(path);
        Span<byte> lengthPrefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(lengthPrefix, (ulong)padded);
        file.Write(lengthPrefix);
        file.Write(headerBytes);
        file.Write(Enumerable.Repeat((byte)' ', padded - headerBytes.Length).ToArray());
        foreach (var (_, tensor) in ordered)
        {
            using var contiguous = tensor.detach().cpu().contiguous();
            file.Write(contiguous.bytes);
        }
    }

    /// <summary>
    /// Reads every tensor, copying from a memory-mapped view so that files larger than memory or than
    /// 2 GB are read tensor by tensor.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is truncated or malformed; the message names the tensor.</exception>
    public static unsafe Dictionary<string, Tensor> Read(string path)
    {
        var length = new FileInfo(path).Length;
        if (length < 8)
        {
            throw new InvalidDataException($"{path}: too short for a safetensors file ({length} bytes).");
        }

        using var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        try
        {
            start += view.PointerOffset;
            var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(start, 8));
            if (headerLength > (ulong)(length - 8))
            {
                throw new InvalidDataException($"{path}: header length {headerLength} exceeds the file size {length}.");
            }

            JsonObject header;
            try
            {
                header = JsonNode.Parse(new ReadOnlySpan<byte>(start + 8, (int)headerLength))!.AsObject();
            }
            catch (Exception error) when (error is JsonException or InvalidOperationException or NullReferenceException)
            {
                throw new InvalidDataException($"{path}: the header is not a JSON object of tensors.", error);
            }

            var dataStart = 8 + (long)headerLength;
            var result = new Dictionary<string, Tensor>();
            foreach (var (name, node) in header.Where(kv => kv.Key != "__metadata__"))
            {
                var dtypeName = node?["dtype"]?.GetValue<string>();
                var dtype = DTypes.Where(d => d.Value.Name == dtypeName).Select(d => (ScalarType?)d.Key).FirstOrDefault()
                    ?? throw new InvalidDataException($"{path}: tensor '{name}' has unsupported dtype {dtypeName ?? "(missing)"}.");
                var shape = node!["shape"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray();
                var begin = node["data_offsets"]![0]!.GetValue<long>();
                var end = node["data_offsets"]![1]!.GetValue<long>();
                var expected = shape.Aggregate(1L, (a, b) => a * b) * DTypes[dtype].Size;
                if (end - begin != expected || begin < 0 || dataStart + end > length)
                {
                    throw new InvalidDataException(
                        $"{path}: tensor '{name}' needs bytes [{begin}, {end}) of the data section, but the file is truncated or the range does not match its shape.");
                }

                var tensor = empty(shape, dtype);
                tensor.bytes = new Span<byte>(start + dataStart + begin, checked((int)expected));
                result[name] = tensor;
            }

            return result;
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }
}
