using Platform.Training.Models;
using static TorchSharp.torch;

namespace Platform.Training.Engine;

/// <summary>
/// Takes part in every optimiser step of a fine-tuning run: strategies (gradual unfreezing, distillation,
/// L2-SP) and methods that act while training (AdaLoRA's rank allocation).
/// </summary>
public interface ITrainingHook
{
    /// <summary>Before the step's forward passes; <paramref name="step"/> counts from 1.</summary>
    void BeginStep(int step)
    {
    }

    /// <summary>A term added to the task loss of one micro-batch, or null.</summary>
    /// <param name="output">The model's output for <paramref name="tokens"/> (logits).</param>
    Tensor? ExtraLoss(Tensor tokens, DecoderInputs inputs, Tensor output) => null;

    /// <summary>After the step's gradients exist, before the optimiser uses them.</summary>
    void AfterBackward(int step)
    {
    }

    /// <summary>
    /// After the optimiser has updated the parameters, while the step's gradients still exist (before they are
    /// cleared): where PEFT calls AdaLoRA's <c>update_and_allocate</c>, which scores the updated weights and
    /// prunes singular values the next forward must not see.
    /// </summary>
    void AfterStep(int step)
    {
    }
}
