using static TorchSharp.torch;

namespace Platform.Training.Models.Llama;

/// <summary>SwiGLU: down(silu(gate(x)) · up(x)).</summary>
public sealed class LlamaMlp : nn.Module<Tensor, Tensor>
{
    private readonly AutocastLinear gate_proj;
    private readonly AutocastLinear up_proj;
    private readonly AutocastLinear down_proj;

    public LlamaMlp(DecoderConfig config) : base("mlp")
    {
        gate_proj = new AutocastLinear(config.EmbeddingSize, config.MlpSize, hasBias: false);
        up_proj = new AutocastLinear(config.EmbeddingSize, config.MlpSize, hasBias: false);
        down_proj = new AutocastLinear(config.MlpSize, config.EmbeddingSize, hasBias: false);
        RegisterComponents();
    }

    // (B,T,C) -> (B,T,I) -> (B,T,C)
    public override Tensor forward(Tensor x) =>
        down_proj.forward(nn.functional.silu(gate_proj.forward(x)) * up_proj.forward(x));
}
