using Platform.Domain.Runs;
using Platform.Training.Models;
using Platform.Training.Peft;
using Platform.Training.Strategies;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Peft;
using Xunit;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Strategies;

public sealed class DistillationTests
{
    [Fact]
    public void Given_known_logits_When_distilling_Then_the_term_is_weight_times_T_squared_times_the_KL_of_the_softened_distributions()
    {
        using var teacherLogits = tensor(new float[] { 2, 0, -1, 0.5f, 0.5f, 1 }, [1, 2, 3]);
        using var studentLogits = tensor(new float[] { 0, 1, 0, 1, 0, 0 }, [1, 2, 3]);
        using var tokens = zeros(1, 2, dtype: ScalarType.Int64);
        const double T = 2;

        using var term = new Distillation((_, _) => teacherLogits.clone(), weight: 0.5, temperature: T).ExtraLoss(tokens, DecoderInputs.None, studentLogits)!;
        using var same = new Distillation((_, _) => studentLogits.clone(), weight: 0.5, temperature: T).ExtraLoss(tokens, DecoderInputs.None, studentLogits)!;

        var expected = new[] { (new[] { 2.0, 0, -1 }, new[] { 0.0, 1, 0 }), (new[] { 0.5, 0.5, 1 }, new[] { 1.0, 0, 0 }) }
            .Average(row => Kl(Softmax(row.Item1, T), Softmax(row.Item2, T))) * 0.5 * T * T;
        Assert.Equal(expected, term.item<float>(), 5);
        Assert.Equal(0, same.item<float>(), 6);
    }

    [Fact]
    public void Given_a_LoRA_student_When_training_with_distillation_from_the_frozen_base_Then_it_stays_closer_to_the_base_than_without()
    {
        using var teacher = TinyModels.LanguageModel(ModelFamily.Gpt2);
        AdapterTraining.ScaleToPretrainedSize(teacher);
        teacher.eval();
        using var tokens = AdapterTraining.Sequence();

        double DriftAfterTraining(double weight)
        {
            using var student = TinyModels.LanguageModel(ModelFamily.Gpt2);
            AdapterTraining.ScaleToPretrainedSize(student);
            using (var generator = new Generator(21))
            {
                PeftMethods.Get("lora").Apply(student, new MethodOptions { Rank = 4, Alpha = 8 }, generator);
            }

            var hooks = weight > 0 ? new[] { new Distillation((t, i) => teacher.forward(t, i), weight, temperature: 2) } : [];
            AdapterTraining.Train(student, steps: 25, learningRate: 3e-2, weightDecay: 0, hooks);
            using var _ = no_grad();
            using var kl = new Distillation((t, i) => teacher.forward(t, i), weight: 1, temperature: 1).ExtraLoss(tokens, DecoderInputs.None, student.forward(tokens))!;
            return kl.item<float>();
        }

        var plain = DriftAfterTraining(0);
        var distilled = DriftAfterTraining(5);

        Assert.True(distilled < plain / 2, $"KL to the base: {distilled:F3} with distillation, {plain:F3} without");
    }

    private static double[] Softmax(double[] logits, double temperature)
    {
        var exps = logits.Select(l => Math.Exp(l / temperature)).ToArray();
        return exps.Select(e => e / exps.Sum()).ToArray();
    }

    private static double Kl(double[] p, double[] q) => p.Zip(q).Sum(pq => pq.First * Math.Log(pq.First / pq.Second));
}
