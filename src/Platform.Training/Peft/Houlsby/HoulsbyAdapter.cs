using Platform.Training.Models;
using Platform.Training.Models.Extensions;
using TorchSharp;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Peft.Houlsby;

/// <summary>
/// Houlsby et al.'s bottleneck adapter on the output of a sublayer's last projection, before the residual add:
/// y + up(GELU(down(y))). The up-projection starts at zero, so the adapter starts as the identity; the
/// down-projection is small (N(0, 0.01²), as the paper's near-identity initialisation) so that gradients reach up.
/// </summary>
public sealed class HoulsbyAdapter : LinearAdapter
{
    private static readonly Scalar DownStd = 1e-2.ToScalar();

    private readonly AutocastLinear adapter_down;
    private readonly AutocastLinear adapter_up;
    private readonly TorchSharp.Modules.Dropout dropout;

    public HoulsbyAdapter(long size, int bottleneck, double dropoutRate, Generator generator) : base("houlsby")
    {
        adapter_down = new AutocastLinear(size, bottleneck);
        adapter_up = new AutocastLinear(bottleneck, size);
        dropout = nn.Dropout(dropoutRate);
        using (no_grad())
        {
            using var down = randn(adapter_down.Weight.shape, generator: generator);
            adapter_down.Weight.copy_(down.mul_(DownStd));
            adapter_down.Bias!.zero_();
            adapter_up.Weight.zero_();
            adapter_up.Bias!.zero_();
        }

        RegisterComponents();
    }

    public long Bottleneck => adapter_down.OutputSize;

    // W·x: (…,C) -> (…,m) -> (…,C), added back to itself
    public override Tensor forward(Tensor x, Func<Tensor, Tensor> frozen)
    {
        var y = frozen(x);
        return y.add(adapter_up.forward(dropout.forward(nn.functional.gelu(adapter_down.forward(y)))), One);
    }
}
