using TorchSharp;
using TorchSharp.Modules;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Engine;

/// <summary>
/// TorchSharp's AdamW (decoupled weight decay, no AMSGrad), step for step the same update and the same state, so
/// checkpoints save and load as before, with every number it hands to libtorch held for the call. TorchSharp's own
/// <c>step</c> converts the betas, the decay factor and the bias corrections into temporary Scalars, which a
/// garbage collection may free mid-call (<see cref="Models.Scalars"/>).
/// </summary>
public sealed class HeldScalarAdamW(IEnumerable<AdamW.ParamGroup> groups, double learningRate, double beta1, double beta2)
    : AdamW(groups, learningRate, beta1, beta2)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        if (options.amsgrad == true || options.maximize == true)
        {
            throw new NotSupportedException("The engine's AdamW has neither AMSGrad nor maximisation.");
        }

        var (b1, b2, learning) = (options.beta1!.Value, options.beta2!.Value, options.LearningRate!.Value);
        using var decay = (1 - learning * options.weight_decay!.Value).ToScalar();
        using var beta1 = b1.ToScalar();
        using var gradientShare = (1 - b1).ToScalar();
        using var beta2 = b2.ToScalar();
        using var squareShare = (1 - b2).ToScalar();
        using var epsilon = options.eps!.Value.ToScalar();
        foreach (var parameter in group.Parameters)
        {
            var state = (State)_state[parameter.Handle];
            if (parameter.grad is not { } gradient)
            {
                continue;
            }

            state.step += 1;
            parameter.mul_(decay);
            var firstCorrection = 1 - Math.Pow(b1, state.step);
            using var secondCorrection = Math.Sqrt(1 - Math.Pow(b2, state.step)).ToScalar();
            using var stepSize = (-learning / firstCorrection).ToScalar();

            state.exp_avg.mul_(beta1).add_(gradient, gradientShare);
            state.exp_avg_sq.mul_(beta2).addcmul_(gradient, gradient, squareShare);
            var denominator = (state.exp_avg_sq.sqrt() / secondCorrection).add_(epsilon, One);
            parameter.addcdiv_(state.exp_avg, denominator, stepSize);
        }
    }, closure);
}
