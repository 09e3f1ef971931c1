using Platform.Training.Checkpoints;
using Xunit;
using TorchSharp;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Checkpoints;

public sealed class SafeTensorsTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"platform-{Guid.NewGuid():N}.safetensors");

    public void Dispose() => File.Delete(path);

    [Fact]
    public void Given_tensors_of_every_supported_dtype_When_written_and_read_Then_they_are_identical()
    {
        using var f32 = randn(3, 4);
        using var f16 = randn(5).to(ScalarType.Float16);
        using var bf16 = randn(2, 2).to(ScalarType.BFloat16);
        using var seven = 7L.ToScalar();
        using var i64 = arange(Zero, seven, One);
        using var u8 = tensor(new byte[] { 0, 1, 255 });

        SafeTensors.Write(path, [("a.f32", f32), ("b.f16", f16), ("c.bf16", bf16), ("d.i64", i64), ("e.u8", u8)]);
        var read = SafeTensors.Read(path);

        Assert.True(read["a.f32"].eq(f32).all().item<bool>());
        Assert.True(read["b.f16"].eq(f16).all().item<bool>());
        Assert.True(read["c.bf16"].eq(bf16).all().item<bool>());
        Assert.True(read["d.i64"].eq(i64).all().item<bool>());
        Assert.True(read["e.u8"].eq(u8).all().item<bool>());
    }

    [Fact]
    public void Given_a_truncated_file_When_reading_Then_the_error_names_the_tensor()
    {
        using var weights = randn(64, 64);
        SafeTensors.Write(path, [("transformer.wte.weight", weights)]);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Contains("transformer.wte.weight", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Given_a_file_with_a_corrupted_header_When_reading_Then_a_clear_error_not_a_crash()
    {
        using var weights = randn(4, 4);
        SafeTensors.Write(path, [("lm_head.weight", weights)]);
        var bytes = File.ReadAllBytes(path);
        bytes[8] = (byte)'#'; // the header's opening brace
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Contains("header", error.Message);
    }

    [Fact]
    public void Given_a_header_length_beyond_the_file_When_reading_Then_the_error_gives_both_sizes()
    {
        File.WriteAllBytes(path, [0xFF, 0xFF, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'}']);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.Contains("exceeds the file size 10", error.Message);
    }
}
