using System.Text.Json.Nodes;
using Platform.Domain.Runs;
using Platform.Training.Checkpoints;
using Platform.Training.Engine;
using Platform.Training.Models;
using Platform.Training.Models.Heads;
using Platform.Training.Peft;
using Platform.Training.Peft.AdaLoRA;
using Platform.Training.Tests.Models;
using Platform.Training.Tests.Tokenization;
using Xunit;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Tests.Peft.AdaLoRA;

public sealed class AdaLoraTests : TemporaryFolder
{
    private static readonly AdaLoraMethod Method = new();

    /// <summary>Two updated layers in the tiny models (both families), 6 → 3 triplets each, pruning between steps 2 and 17 of 20.</summary>
    private static readonly MethodOptions Options = new()
    {
        Alpha = 8,
        InitialRank = 6,
        TargetRank = 3,
        BudgetWarmupSteps = 2,
        BudgetFinalSteps = 3,
        BudgetInterval = 2,
        TotalSteps = 20,
    };

    private static (RankAllocator Allocator, IReadOnlyList<AdaLoraLayer> Layers) Apply(CausalLanguageModel model, MethodOptions options)
    {
        using var generator = new Generator(21);
        var allocator = Assert.IsType<RankAllocator>(Method.Apply(model, options, generator));
        return (allocator, model.modules().OfType<AdaLoraLayer>().ToList());
    }

    private static int NonZeroSingularValues(IEnumerable<AdaLoraLayer> layers) =>
        layers.Sum(l => (int)l.SingularValues.count_nonzero().item<long>());

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_AdaLoRA_training_When_each_step_ends_Then_the_kept_rank_is_the_scheduled_budget_and_ends_at_the_target(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        AdapterTraining.ScaleToPretrainedSize(model);
        var (allocator, layers) = Apply(model, Options);
        var kept = new List<int>();
        var nonZero = new List<int>();
        var probe = new AfterEachStep(_ =>
        {
            kept.Add(allocator.KeptRank);
            nonZero.Add(NonZeroSingularValues(layers));
        });

        AdapterTraining.Train(model, steps: Options.TotalSteps, learningRate: 3e-2, weightDecay: 0, [allocator, probe]);

        var lastBudget = allocator.Schedule.Initial;
        for (var step = 1; step <= Options.TotalSteps; step++)
        {
            var (budget, reallocates) = allocator.Schedule.At(step);
            lastBudget = reallocates ? budget : lastBudget;
            Assert.True(kept[step - 1] == lastBudget, $"step {step}: {kept[step - 1]} triplets kept, the schedule's last budget is {lastBudget}");
            // Between reallocations a pruned Λ may grow back (as in PEFT); a reallocation step ends pruned.
            Assert.True(!reallocates || nonZero[step - 1] <= kept[step - 1], $"step {step}: {nonZero[step - 1]} non-zero singular values for {kept[step - 1]} kept triplets");
        }

        Assert.Equal(Options.InitialRank * layers.Count, allocator.Schedule.Initial);
        Assert.Equal(Options.TargetRank * layers.Count, kept[^1]);
        Assert.True(kept.Zip(kept.Skip(1)).All(p => p.Second <= p.First), string.Join(", ", kept));
        Assert.True(kept.Distinct().Count() > 2, $"the budget shrank in steps: {string.Join(", ", kept)}");
    }

    [Fact]
    public void Given_a_budget_schedule_When_read_at_every_step_Then_it_holds_the_initial_budget_decreases_cubically_and_holds_the_target()
    {
        var schedule = new BudgetSchedule(Initial: 24, Target: 12, WarmupSteps: 5, FinalSteps: 5, TotalSteps: 100, Interval: 10);

        var budgets = Enumerable.Range(1, 100).Select(step => schedule.At(step)).ToList();

        Assert.All(budgets.Take(5), b => Assert.Equal((24, false), b));
        Assert.All(budgets.Skip(94), b => Assert.Equal((12, true), b));
        Assert.True(budgets.Zip(budgets.Skip(1)).All(p => p.Second.Budget <= p.First.Budget));
        for (var step = 6; step <= 95; step++)
        {
            Assert.Equal((int)(12 * Math.Pow(1 - ((step - 5) / 90.0), 3) + 12), budgets[step - 1].Budget);
        }

        Assert.Equal(13, schedule.At(50).Budget); // halfway: 12 · 0.5³ + 12 = 13.5
        Assert.Equal(
            new[] { 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 96, 97, 98, 99, 100 },
            Enumerable.Range(1, 100).Where(step => schedule.At(step).Reallocates));
    }

    [Fact]
    public void Given_triplets_of_known_importance_When_the_allocator_prunes_Then_it_keeps_the_most_important_across_layers()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        // Budget after step 1 of 2: (8 − 4) · 0.5³ + 4 = 4.5 → 4 of the 8 triplets.
        var (allocator, layers) = Apply(model, Options with { InitialRank = 4, TargetRank = 2, BudgetWarmupSteps = 0, BudgetFinalSteps = 0, BudgetInterval = 1, TotalSteps = 2 });
        using (no_grad())
        {
            foreach (var layer in layers)
            {
                layer.SingularValues.fill_(One);
            }
        }

        // ∂L/∂Λ = the weights below and ∂L/∂P = ∂L/∂Q = 0, so each triplet's sensitivity |Λ·∂L/∂Λ| is its weight.
        using var importance0 = tensor(new float[] { 5, 0.1f, 4, 0.2f }).unsqueeze(1);
        using var importance1 = tensor(new float[] { 0.3f, 3, 0.05f, 2 }).unsqueeze(1);
        allocator.BeginStep(1);
        var unused = layers.Select(l => l.RightSingularVectors.sum().add(l.LeftSingularVectors.sum(), One)).Aggregate((a, b) => a.add(b, One)) * Zero;
        using var loss = (layers[0].SingularValues * importance0).sum().add((layers[1].SingularValues * importance1).sum(), One).add(unused, One);
        loss.backward();
        allocator.AfterStep(1);

        Assert.Equal(new[] { true, false, true, false }, layers[0].RankPattern!);
        Assert.Equal(new[] { false, true, false, true }, layers[1].RankPattern!);
        Assert.Equal(new float[] { 1, 0, 1, 0 }, layers[0].SingularValues.data<float>().ToArray());
        Assert.Equal(new float[] { 0, 1, 0, 1 }, layers[1].SingularValues.data<float>().ToArray());
    }

    [Fact]
    public void Given_orthonormal_P_and_Q_When_regularising_Then_the_penalty_is_zero_with_finite_gradients_and_otherwise_positive()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        var (allocator, layers) = Apply(model, Options);
        using var tokens = TinyModels.Tokens(2, 8);
        using var random = allocator.ExtraLoss(tokens, DecoderInputs.None, tokens)!;
        using (no_grad())
        {
            foreach (var layer in layers)
            {
                // Q's rows and P's columns: the first r unit vectors.
                layer.RightSingularVectors.copy_(eye(layer.Rank, layer.RightSingularVectors.shape[1]));
                layer.LeftSingularVectors.copy_(eye(layer.LeftSingularVectors.shape[0], layer.Rank));
            }
        }

        using var orthonormal = Orthogonality.Penalty(layers);
        orthonormal.backward();

        Assert.True(random.item<float>() > 0.1, $"random P, Q: {random.item<float>()}");
        Assert.Equal(0f, orthonormal.item<float>(), 6);
        Assert.All(layers, l => Assert.True(l.RightSingularVectors.grad!.isfinite().all().item<bool>()));
        using var unregularised = TinyModels.LanguageModel(ModelFamily.Gpt2);
        Assert.Null(Apply(unregularised, Options with { OrthogonalRegularisation = 0 }).Allocator.ExtraLoss(tokens, DecoderInputs.None, tokens));
    }

    [Theory]
    [InlineData(ModelFamily.Gpt2)]
    [InlineData(ModelFamily.Llama)]
    public void Given_a_pruned_adapter_When_saving_and_loading_it_Then_PEFT_gets_the_rank_pattern_and_only_kept_triplets_and_pruned_ones_stay_zero(ModelFamily family)
    {
        using var model = TinyModels.LanguageModel(family);
        var (allocator, layers) = Apply(model, Options);
        AdapterTraining.Train(model, steps: Options.TotalSteps, learningRate: 3e-2, weightDecay: 0, [allocator]);
        model.eval();
        using var tokens = TinyModels.Tokens(2, 8);
        using var expected = model.forward(tokens).detach();
        var folder = Subfolder($"adalora-{family}");

        Method.Save(folder, model, Options, new AdapterProvenance("adalora", "tiny", family.ToString(), new string('a', 64), TinyModels.BaseFolder));
        using var fresh = TinyModels.LanguageModel(family);
        Method.Load(folder, fresh, new string('a', 64));
        fresh.eval();
        var loaded = fresh.modules().OfType<AdaLoraLayer>().ToList();

        Assert.True(expected.allclose(fresh.forward(tokens).detach(), rtol: 1e-5, atol: 1e-6));
        Assert.Equal(layers.Select(l => l.RankPattern), loaded.Select(l => l.RankPattern));
        Assert.All(loaded, l => Assert.Equal(l.RankPattern!.Select(k => k ? 1 : 0), l.SingularValues.ne(Zero).to(ScalarType.Int32).data<int>().ToArray()));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, AdapterFiles.ConfigFile)))!.AsObject();
        var layerName = family == ModelFamily.Gpt2 ? "transformer.h.0.attn.c_attn" : "model.layers.0.self_attn.q_proj";
        var pattern = config["rank_pattern"]![$"{layerName}.lora_E"]!.AsArray().Select(k => k!.GetValue<bool>()).ToList();
        Assert.Equal(layers[0].RankPattern, pattern);
        Assert.Equal(("ADALORA", 6, 3, 20), (config["peft_type"]!.GetValue<string>(), config["init_r"]!.GetValue<int>(), config["target_r"]!.GetValue<int>(), config["total_step"]!.GetValue<int>()));
        var stored = SafeTensors.Read(Path.Combine(folder, AdapterFiles.WeightsFile));
        var kept = pattern.Count(k => k);
        Assert.Equal(new long[] { kept, 1 }, stored[$"base_model.model.{layerName}.lora_E"].shape);
        Assert.Equal(kept, stored[$"base_model.model.{layerName}.lora_A"].shape[0]);
        Assert.Equal(kept, stored[$"base_model.model.{layerName}.lora_B"].shape[1]);
        Assert.DoesNotContain(stored.Keys, k => k.Contains("ranknum", StringComparison.Ordinal) || k.EndsWith(".weight", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_no_total_step_count_or_a_schedule_without_budgeting_phase_When_applying_Then_the_problem_is_named_and_the_model_is_unchanged()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        using var generator = new Generator(1);

        var missing = Assert.Throws<ArgumentException>(() => Method.Apply(model, Options with { TotalSteps = 0 }, generator));
        var crowded = Assert.Throws<ArgumentException>(() => Method.Apply(model, Options with { BudgetWarmupSteps = 10, BudgetFinalSteps = 10 }, generator));
        var ranks = Assert.Throws<ArgumentException>(() => Method.Apply(model, Options with { TargetRank = 7 }, generator));

        Assert.Contains("total_step", missing.Message);
        Assert.Contains("no budgeting phase", crowded.Message);
        Assert.Contains("target_r", ranks.Message);
        Assert.Empty(model.modules().OfType<AdaLoraLayer>());
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void Given_a_trainer_that_skips_AfterStep_When_the_next_step_begins_Then_the_allocator_says_so()
    {
        using var model = TinyModels.LanguageModel(ModelFamily.Gpt2);
        ITrainingHook allocator = Apply(model, Options).Allocator;

        allocator.BeginStep(1);
        allocator.AfterBackward(1);

        Assert.Contains("AfterStep", Assert.Throws<InvalidOperationException>(() => allocator.BeginStep(2)).Message);
    }

    private sealed class AfterEachStep(Action<int> action) : ITrainingHook
    {
        public void AfterStep(int step) => action(step);
    }
}
