using Platform.Training.Models.Extensions;
using TorchSharp;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Generation;

/// <summary>The transformations applied to next-token logits (B,V) before choosing a token, in Hugging Face's order.</summary>
internal static class LogitsProcessing
{
    public static Tensor Apply(Tensor logits, Tensor sequences, GenerationOptions options)
    {
        if (options.RepetitionPenalty != 1.0)
        {
            // Virtual-token placeholders (negative ids) are no vocabulary token: they count for none.
            var isWord = PromptTemplate.IsPlaceholder(sequences).logical_not().to(logits.dtype); // (B,S)
            var seen = zeros_like(logits).scatter_add(1, sequences.clamp_min(Zero), isWord).gt(Zero); // (B,V)
            using var penalty = options.RepetitionPenalty.ToScalar();
            var penalised = where(logits.lt(Zero), logits * penalty, logits / penalty);
            logits = where(seen, penalised, logits);
        }

        if (options.Temperature > 0 && options.Temperature != 1.0)
        {
            using var temperature = options.Temperature.ToScalar();
            logits = logits / temperature;
        }

        if (options.TopK is { } k && k < logits.shape[1])
        {
            var kth = logits.topk(k, dim: 1).values[.., ^1..]; // (B,1)
            logits = logits.masked_fill(logits.lt(kth), NegativeInfinity);
        }

        if (options.TopP is { } p && p < 1.0)
        {
            var (sorted, order) = logits.sort(dim: 1, descending: true);
            var cumulative = sorted.softmax(1).cumsum(1);
            // Drop a token when the tokens before it already reach p; the most likely token always stays.
            using var share = p.ToScalar();
            var drop = (cumulative - sorted.softmax(1)).ge(share);
            logits = logits.scatter(1, order, sorted.masked_fill(drop, NegativeInfinity));
        }

        return logits;
    }

    /// <summary>Greedy at temperature 0; otherwise inverse-CDF sampling from a seeded generator.</summary>
    public static Tensor Choose(Tensor logits, GenerationOptions options, Generator generator)
    {
        if (options.Temperature == 0)
        {
            return logits.argmax(1); // (B)
        }

        var cumulative = logits.softmax(1).cumsum(1); // (B,V)
        var draw = rand(logits.shape[0], 1, generator: generator, device: logits.device); // (B,1)
        var chosen = cumulative.lt(draw * cumulative[.., ^1..]).sum(1); // (B)
        using var lastToken = (logits.shape[1] - 1).ToScalar();
        return chosen.clamp_max(lastToken);
    }
}
