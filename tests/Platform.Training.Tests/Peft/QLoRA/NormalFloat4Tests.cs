using Platform.Training.Peft.QLoRA;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.QLoRA;

public sealed class NormalFloat4Tests
{
    [Fact]
    public void Given_the_code_book_When_reading_it_Then_it_is_bitsandbytes_NF4_table_exactly()
    {
        float[] published =
        [
            -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
            -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,
            0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
            0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f,
        ];

        Assert.Equal(published, NormalFloat4.Codes);
    }

    [Fact]
    public void Given_each_code_value_When_encoding_and_decoding_Then_it_maps_to_its_own_index_and_back()
    {
        using var codes = tensor(NormalFloat4.Codes.ToArray());
        using var indices = NormalFloat4.Encode(codes);
        using var decoded = NormalFloat4.Decode(indices);

        Assert.Equal(ScalarType.Byte, indices.dtype);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (byte)i), indices.data<byte>().ToArray());
        Assert.Equal(NormalFloat4.Codes, decoded.data<float>().ToArray());
    }

    [Fact]
    public void Given_values_between_codes_When_encoding_Then_each_takes_the_nearest_code()
    {
        // Just below and just above the midpoint between 0.7229568 and 1.0 (0.8614784), and between
        // 0 and 0.0795803 (0.0397901).
        using var values = tensor(new[] { 0.86f, 0.87f, 0.039f, 0.041f, -0.99f });
        using var indices = NormalFloat4.Encode(values);

        Assert.Equal(new byte[] { 14, 15, 7, 8, 0 }, indices.data<byte>().ToArray());
    }

    [Fact]
    public void Given_indices_When_packing_two_per_byte_Then_the_first_takes_the_high_nibble_and_unpacking_restores_them()
    {
        using var generator = new Generator(11);
        using var indices = randint(0, 16, [1000], generator: generator).to(ScalarType.Byte);
        using var packed = NibblePacking.Pack(indices);
        using var unpacked = NibblePacking.Unpack(packed);
        using var pair = tensor(new byte[] { 0x1, 0xE });
        using var single = NibblePacking.Pack(pair);

        Assert.Equal(500, packed.numel());
        Assert.Equal(indices.data<byte>().ToArray(), unpacked.data<byte>().ToArray());
        Assert.Equal(0x1E, single.data<byte>()[0]);
    }
}
