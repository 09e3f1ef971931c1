using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Models.Gpt;

/// <summary>GPT-2-style causal language model with the output projection tied to the token embedding.</summary>
public sealed class GptLanguageModel : nn.Module<Tensor, Tensor>
{
    private readonly GptBackbone transformer;

    /// <param name="initialisation">Seeds the weights, so that construction touches no global random state.</param>
    public GptLanguageModel(GptConfig config, Generator initialisation) : base("gpt")
    {
        Config = config;
        transformer = new GptBackbone(config);
        RegisterComponents();
        InitialiseWeights(initialisation);
    }

    public GptConfig Config { get; }

    // (B,T) -> (B,T,V)
    public override Tensor forward(Tensor tokens) =>
        nn.functional.linear(transformer.forward(tokens), transformer.TokenEmbedding);

    /// <summary>GPT-2 initialisation: N(0, 0.02), zero biases, residual projections scaled by 1/√(2·layers).</summary>
    private void InitialiseWeights(Generator generator)
    {
        using var _ = no_grad();
        var residualStd = 0.02 / Math.Sqrt(2.0 * Config.Layers);
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal))
            {
                nn.init.zeros_(parameter);
            }
            else if (name.Contains(".ln_", StringComparison.Ordinal))
            {
                nn.init.ones_(parameter);
            }
            else
            {
                // Not nn.init.normal_: TorchSharp 0.107 ignores its generator argument and draws from the global one.
                var std = name.EndsWith("c_proj.weight", StringComparison.Ordinal) ? residualStd : 0.02;
                using var values = randn(parameter.shape, generator: generator);
                parameter.copy_(values.mul_(std));
            }
        }
    }
}
