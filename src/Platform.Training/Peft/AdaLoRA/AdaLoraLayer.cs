using Platform.Training.Models;
using Platform.Training.Models.Extensions;
using TorchSharp;
using TorchSharp.Modules;
using static Platform.Training.Models.Scalars;
using static TorchSharp.torch;

namespace Platform.Training.Peft.AdaLoRA;

/// <summary>
/// AdaLoRA's update beside a frozen W in SVD form: (α/init_r)·P·Λ·Q·x with Q = <c>lora_A</c> (r,in),
/// Λ = <c>lora_E</c> (r,1), P = <c>lora_B</c> (out,r), field names as PEFT's <c>SVDLinear</c> has them. Λ starts
/// at zero, so training starts exactly at the base model; pruning a triplet (P column, Λ entry, Q row) zeroes
/// its Λ, and the scale stays α/init_r however many triplets are left (PEFT's fixed <c>ranknum</c>).
/// </summary>
public sealed class AdaLoraLayer : LinearAdapter
{
    // PEFT divides by ranknum + 1e-5; the same constant keeps outputs identical to PEFT's.
    private const double RankEpsilon = 1e-5;

    // PEFT: normal(0, 0.02) for the singular vectors, zeros for the singular values.
    private static readonly Scalar SingularVectorStd = 0.02.ToScalar();

    private readonly Parameter lora_A;
    private readonly Parameter lora_E;
    private readonly Parameter lora_B;
    private readonly Dropout lora_dropout;
    private readonly Scalar scaling;

    public AdaLoraLayer(long inputSize, long outputSize, AdaLoraOptions options, Generator generator) : base("adalora")
    {
        var rank = options.InitialRank;
        using (no_grad())
        {
            lora_A = nn.Parameter(randn([rank, inputSize], generator: generator).mul_(SingularVectorStd));
            lora_E = nn.Parameter(zeros(rank, 1));
            lora_B = nn.Parameter(randn([outputSize, rank], generator: generator).mul_(SingularVectorStd));
        }

        lora_dropout = nn.Dropout(options.Dropout);
        scaling = (options.Alpha / (rank + RankEpsilon)).ToScalar();
        RegisterComponents();
    }

    /// <summary>Q = <c>lora_A</c> (r,in).</summary>
    public Parameter RightSingularVectors => lora_A;

    /// <summary>Λ = <c>lora_E</c> (r,1).</summary>
    public Parameter SingularValues => lora_E;

    /// <summary>P = <c>lora_B</c> (out,r).</summary>
    public Parameter LeftSingularVectors => lora_B;

    /// <summary>init_r: the triplets the layer has, pruned or not.</summary>
    public int Rank => (int)lora_E.shape[0];

    /// <summary>Which triplets the last allocation kept (PEFT's rank_pattern for this layer); null before any allocation.</summary>
    public IReadOnlyList<bool>? RankPattern { get; private set; }

    /// <summary>The triplets that count now: those the last allocation kept, all of them before any allocation.</summary>
    public int KeptRank => RankPattern?.Count(k => k) ?? Rank;

    /// <summary>Zeroes Λ of every triplet not kept and records the pattern.</summary>
    /// <param name="kept">(r) booleans.</param>
    public void Prune(IReadOnlyList<bool> kept)
    {
        if (kept.Count != Rank)
        {
            throw new ArgumentException($"A rank pattern of {kept.Count} entries does not fit a layer of rank {Rank}.", nameof(kept));
        }

        using var _ = no_grad();
        using var pruned = tensor(kept.Select(k => !k).ToArray()).unsqueeze(1);
        lora_E.masked_fill_(pruned, Zero);
        RankPattern = kept.ToArray();
    }

    /// <summary>
    /// The rank pattern an adapter saved now records: the kept triplets plus pruned ones whose Λ has grown back
    /// since the last reallocation (gradients reach a zeroed Λ). PEFT records only the kept ones, so its adapter
    /// saved between reallocations drops those and differs from the model; this one reproduces it. From step
    /// T − tfinal on, every step ends with the final allocation re-applied, and both are the same.
    /// </summary>
    public IReadOnlyList<bool>? SavedPattern()
    {
        if (RankPattern is null)
        {
            return null;
        }

        using var nonZero = lora_E.detach().ne(Zero).view(-1);
        var grown = nonZero.data<bool>().ToArray();
        return RankPattern.Select((kept, i) => kept || grown[i]).ToArray();
    }

    /// <summary>(Q, Λ, P) as PEFT saves them: with a rank pattern, only its triplets (PEFT's resize_state_dict_by_rank_pattern).</summary>
    public (Tensor A, Tensor E, Tensor B) SavedTriplets(IReadOnlyList<bool>? pattern)
    {
        if (pattern is null)
        {
            return (lora_A.detach(), lora_E.detach(), lora_B.detach());
        }

        using var kept = Indices(pattern);
        return (lora_A.detach().index_select(0, kept), lora_E.detach().index_select(0, kept), lora_B.detach().index_select(1, kept));
    }

    /// <summary>Puts saved triplets (<see cref="SavedTriplets"/>) back: the kept ones in place, the pruned ones with Λ = 0.</summary>
    public void LoadTriplets(Tensor a, Tensor e, Tensor b, IReadOnlyList<bool>? pattern)
    {
        using var _ = no_grad();
        if (pattern is null)
        {
            lora_A.copy_(a);
            lora_E.copy_(e);
            lora_B.copy_(b);
            return;
        }

        Prune(pattern);
        using var kept = Indices(pattern);
        lora_A.index_copy_(0, kept, a);
        lora_E.index_copy_(0, kept, e);
        lora_B.index_copy_(1, kept, b);
    }

    // W·x + (…,in) -> (…,r) -> (…,out)
    public override Tensor forward(Tensor x, Func<Tensor, Tensor> frozen) =>
        frozen(x).add(Autocast.Linear(Autocast.Linear(lora_dropout.forward(x), lora_A * lora_E), lora_B) * scaling, One);

    private static Tensor Indices(IReadOnlyList<bool> pattern) =>
        tensor(Enumerable.Range(0, pattern.Count).Where(i => pattern[i]).Select(i => (long)i).ToArray());
}
