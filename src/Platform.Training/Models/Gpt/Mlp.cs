using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Models.Gpt;

public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear c_fc;
    private readonly Linear c_proj;

    public Mlp(GptConfig config) : base("mlp")
    {
        c_fc = nn.Linear(config.EmbeddingSize, 4 * config.EmbeddingSize);
        c_proj = nn.Linear(4 * config.EmbeddingSize, config.EmbeddingSize);
        RegisterComponents();
    }

    // (B,T,C) -> (B,T,4C) -> (B,T,C)
    public override Tensor forward(Tensor x) =>
        c_proj.forward(nn.functional.gelu(c_fc.forward(x), approximate: GELU.Approximate.tanh));
}
