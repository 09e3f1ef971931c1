using Platform.Training.Engine;
using Platform.Training.Models;
using TorchSharp;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Strategies;

/// <summary>
/// Knowledge distillation from the frozen base model (Hinton et al. 2015): weight · T² · KL(teacher_T ‖ student_T)
/// on the output distributions softened by the temperature T, averaged over positions (real tokens only when the
/// inputs carry an attention mask). The T² keeps the term's gradients the same size whatever T is. The teacher is
/// a separate copy of the base model, never the adapted one, and its output must have the student's shape.
/// </summary>
public sealed class Distillation(Func<Tensor, DecoderInputs, Tensor> teacher, double weight, double temperature) : ITrainingHook
{
    private readonly Scalar temperatureScalar = temperature.ToScalar();
    private readonly Scalar lossWeight = (weight * temperature * temperature).ToScalar();

    public Tensor? ExtraLoss(Tensor tokens, DecoderInputs inputs, Tensor output)
    {
        using var scope = NewDisposeScope();
        Tensor teacherLogits;
        using (no_grad())
        {
            teacherLogits = teacher(tokens, inputs).detach();
        }

        if (!teacherLogits.shape.SequenceEqual(output.shape))
        {
            throw new InvalidOperationException(
                $"The teacher's output [{string.Join(", ", teacherLogits.shape)}] does not match the student's [{string.Join(", ", output.shape)}]: distil from the same model with the same head.");
        }

        var teacherLog = nn.functional.log_softmax(teacherLogits / temperatureScalar, -1);
        var studentLog = nn.functional.log_softmax(output / temperatureScalar, -1);
        var perPosition = (teacherLog.exp() * (teacherLog - studentLog)).sum(-1); // (…)
        var kl = inputs.AttentionMask is { } mask && mask.shape.SequenceEqual(perPosition.shape)
            ? (perPosition * mask).sum() / mask.sum().clamp_min(One)
            : perPosition.mean();
        return (kl * lossWeight).MoveToOuterDisposeScope();
    }
}
