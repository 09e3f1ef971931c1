using Platform.Training.Models;
using Platform.Training.Models.Heads;
using TorchSharp;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Generation;

/// <summary>Continues a batch of prompts (left-padded together) under <c>no_grad</c> and <c>eval()</c>.</summary>
public static class TextGenerator
{
    /// <returns>Each prompt's new tokens, ending at (and including) the first stop token.</returns>
    public static IReadOnlyList<long[]> Generate(CausalLanguageModel model, IReadOnlyList<long[]> prompts, GenerationOptions options)
    {
        options.Validated();
        if (prompts.Count == 0 || prompts.Any(p => p.Length == 0))
        {
            throw new ArgumentException("Every prompt needs at least one token.", nameof(prompts));
        }

        var longest = prompts.Max(p => p.Length);
        var virtualTokens = model.Backbone.VirtualTokenCount;
        if (virtualTokens + longest + options.MaxNewTokens > model.Config.ContextLength && model.Config.Family == ModelFamily.Gpt2)
        {
            throw new ArgumentException(
                $"Prompt ({longest}) plus new tokens ({options.MaxNewTokens}){(virtualTokens > 0 ? $" plus the adapter's {virtualTokens} virtual tokens" : "")} exceed the model's context length {model.Config.ContextLength}.");
        }

        using var _ = no_grad();
        using var scope = NewDisposeScope();
        model.eval();
        using var generator = new Generator(options.Seed);
        using var cache = options.UseKvCache ? new KvCache(model.Config.Layers) : null;

        var (sequences, mask) = LeftPad(prompts, longest, options.PadToken);
        using var pad = options.PadToken.ToScalar();
        var finished = zeros(prompts.Count, dtype: ScalarType.Bool);
        var produced = new List<Tensor>();
        var pending = sequences;
        for (var step = 0; step < options.MaxNewTokens; step++)
        {
            using var stepScope = NewDisposeScope();
            var logits = model.forward(pending, new DecoderInputs(mask, cache))[.., -1, ..]; // (B,V)
            var next = LogitsProcessing.Choose(LogitsProcessing.Apply(logits, sequences, options), options, generator);
            next = where(finished, full_like(next, pad), next); // (B)
            produced.Add(next.MoveToOuterDisposeScope());
            sequences = cat([sequences, next.unsqueeze(1)], dim: 1).MoveToOuterDisposeScope();
            mask = cat([mask, finished.logical_not().to(ScalarType.Int64).unsqueeze(1)], dim: 1).MoveToOuterDisposeScope();
            finished = finished.logical_or(IsStop(next, options.StopTokens)).MoveToOuterDisposeScope();
            pending = cache is null ? sequences : next.unsqueeze(1).MoveToOuterDisposeScope();
            if (finished.all().item<bool>())
            {
                break;
            }
        }

        return Trim(stack(produced, dim: 1), options.StopTokens);
    }

    private static (Tensor Tokens, Tensor Mask) LeftPad(IReadOnlyList<long[]> prompts, int length, long pad)
    {
        var tokens = new long[prompts.Count * length];
        var mask = new long[prompts.Count * length];
        for (var row = 0; row < prompts.Count; row++)
        {
            var offset = (row * length) + length - prompts[row].Length;
            Array.Fill(tokens, pad, row * length, length - prompts[row].Length);
            prompts[row].CopyTo(tokens, offset);
            Array.Fill(mask, 1L, offset, prompts[row].Length);
        }

        return (tensor(tokens, [prompts.Count, length]), tensor(mask, [prompts.Count, length]));
    }

    private static Tensor IsStop(Tensor next, IReadOnlyList<long> stopTokens) =>
        stopTokens.Count == 0 ? zeros_like(next, dtype: ScalarType.Bool) : isin(next, tensor(stopTokens.ToArray()));

    private static List<long[]> Trim(Tensor produced, IReadOnlyList<long> stopTokens)
    {
        var rows = new List<long[]>();
        for (var row = 0; row < produced.shape[0]; row++)
        {
            var tokens = produced[row].data<long>().ToArray();
            var stop = Array.FindIndex(tokens, stopTokens.Contains);
            rows.Add(stop >= 0 ? tokens[..(stop + 1)] : tokens);
        }

        return rows;
    }
}
