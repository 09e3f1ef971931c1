using Platform.Training.Models;
using Platform.Training.Models.Extensions;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Platform.Training.Peft.PTuning;

/// <summary>
/// P-tuning's prompt encoder (PEFT's <c>PromptEncoder</c> with <c>encoder_reparameterization_type="LSTM"</c>):
/// trainable virtual-token embeddings (P,C) N(0,1) run through a two-layer bidirectional LSTM and an MLP,
/// so that each prompt vector depends on its neighbours, which the paper found to train more stably than
/// independent vectors.
/// </summary>
public sealed class PromptEncoder : InputPrompt
{
    /// <summary>PEFT's default encoder_num_layers.</summary>
    public const int LstmLayers = 2;

    private readonly Parameter embedding;
    private readonly LSTM lstm_head;
    private readonly Sequential mlp_head;

    public PromptEncoder(int virtualTokens, int afterInput, int embeddingSize, int hiddenSize, double dropout, Generator generator)
        : base(PromptLearningMethod.ModuleName, afterInput)
    {
        embedding = nn.Parameter(randn(virtualTokens, embeddingSize, generator: generator));
        lstm_head = nn.LSTM(embeddingSize, hiddenSize, numLayers: LstmLayers, batchFirst: true, dropout: dropout, bidirectional: true);
        var hidden = new AutocastLinear(2 * hiddenSize, 2 * hiddenSize);
        var output = new AutocastLinear(2 * hiddenSize, embeddingSize);
        SeededInitialisation.Uniform(lstm_head, hiddenSize, generator);
        SeededInitialisation.Uniform(hidden, 2 * hiddenSize, generator);
        SeededInitialisation.Uniform(output, 2 * hiddenSize, generator);
        mlp_head = nn.Sequential(("0", hidden), ("1", nn.ReLU()), ("2", output));
        RegisterComponents();
    }

    public override int Length => (int)embedding.shape[0];

    // (P,C) -> (1,P,C) -> LSTM (1,P,2h) -> MLP (1,P,C) -> (P,C)
    public override Tensor Embeddings()
    {
        // Always in grad mode: libtorch 2.10's CPU LSTM (through TorchSharp 0.107) computes wrong outputs under
        // no_grad, so evaluation and the saved prompts would differ from what training saw (tested).
        using var _ = enable_grad();
        var (states, _, _) = lstm_head.forward(embedding.unsqueeze(0), null);
        return mlp_head.forward(states).squeeze(0);
    }
}
