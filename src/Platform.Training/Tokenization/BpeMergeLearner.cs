namespace Platform.Training.Tokenization;

/// <summary>
/// The BPE learning loop: repeatedly merge the most frequent adjacent pair of tokens. Pair counts are
/// kept up to date incrementally: a merge revisits only the words that contain the merged pair, found
/// through an index from pair to words. The best pair comes from a priority queue whose stale entries
/// (a count that has dropped since it was queued) are re-queued with the current count when they
/// surface; counts only grow for pairs that contain the merge's result, and those are queued anew.
/// </summary>
internal sealed class BpeMergeLearner
{
    private readonly List<string> tokens;
    private readonly Dictionary<string, int> idOfToken;
    private readonly IReadOnlyList<BpeWord> words;
    private readonly Dictionary<long, long> pairCounts = [];
    // May list a word twice or a word that no longer has the pair: both are skipped when merging.
    private readonly Dictionary<long, List<int>> wordsOfPair = [];
    private readonly PriorityQueue<long, (long Count, long Pair)> queue;
    private readonly int[] lastVisitedByMerge;
    private readonly List<BpeMerge> merges = [];

    public BpeMergeLearner(IReadOnlyList<string> initialTokens, IReadOnlyList<BpeWord> words)
    {
        tokens = [.. initialTokens];
        idOfToken = tokens.Select((token, id) => (token, id)).ToDictionary(p => p.token, p => p.id, StringComparer.Ordinal);
        this.words = words;
        lastVisitedByMerge = new int[words.Count];
        Array.Fill(lastVisitedByMerge, -1);
        queue = new PriorityQueue<long, (long Count, long Pair)>(new BestPairFirst(tokens));
        for (var w = 0; w < words.Count; w++)
        {
            AddPairsOf(w, resultId: null);
        }

        foreach (var (pair, count) in pairCounts)
        {
            queue.Enqueue(pair, (count, pair));
        }
    }

    public IReadOnlyList<string> Tokens => tokens;

    public IReadOnlyList<BpeMerge> Merges => merges;

    /// <summary>Merges until there are <paramref name="tokenLimit"/> tokens or no pair occurs <paramref name="minimumFrequency"/> times.</summary>
    public void Learn(int tokenLimit, long minimumFrequency, CancellationToken cancellationToken)
    {
        while (tokens.Count < tokenLimit && queue.TryDequeue(out var pair, out var queued))
        {
            var count = pairCounts.GetValueOrDefault(pair);
            if (count != queued.Count)
            {
                if (count > 0)
                {
                    queue.Enqueue(pair, (count, pair));
                }

                continue;
            }

            if (count < minimumFrequency)
            {
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
            Apply(pair);
        }
    }

    private void Apply(long pair)
    {
        var (left, right) = Split(pair);
        var merge = new BpeMerge(tokens[left], tokens[right]);
        merges.Add(merge);
        // Two different merges can spell the same token ("a"+"bc", "ab"+"c"); like Hugging Face's trainer, reuse its id.
        if (!idOfToken.TryGetValue(merge.Result, out var resultId))
        {
            resultId = tokens.Count;
            tokens.Add(merge.Result);
            idOfToken.Add(merge.Result, resultId);
        }

        var mergeIndex = merges.Count - 1;
        var grown = new HashSet<long>();
        foreach (var w in wordsOfPair[pair])
        {
            if (lastVisitedByMerge[w] == mergeIndex)
            {
                continue;
            }

            lastVisitedByMerge[w] = mergeIndex;
            RemovePairsOf(w);
            words[w].Merge(left, right, resultId);
            grown.UnionWith(AddPairsOf(w, resultId));
        }

        pairCounts.Remove(pair);
        wordsOfPair.Remove(pair);
        foreach (var grownPair in grown)
        {
            queue.Enqueue(grownPair, (pairCounts[grownPair], grownPair));
        }
    }

    private void RemovePairsOf(int w)
    {
        var word = words[w];
        for (var i = 0; i + 1 < word.Length; i++)
        {
            pairCounts[Pair(word[i], word[i + 1])] -= word.Frequency;
        }
    }

    /// <returns>The pairs of the word that contain <paramref name="resultId"/>: the only ones whose count can have grown.</returns>
    private List<long> AddPairsOf(int w, int? resultId)
    {
        var word = words[w];
        var grown = new List<long>();
        for (var i = 0; i + 1 < word.Length; i++)
        {
            var pair = Pair(word[i], word[i + 1]);
            pairCounts[pair] = pairCounts.GetValueOrDefault(pair) + word.Frequency;
            if (resultId is not null && word[i] != resultId && word[i + 1] != resultId)
            {
                continue;
            }

            grown.Add(pair);
            if (!wordsOfPair.TryGetValue(pair, out var list))
            {
                list = [];
                wordsOfPair.Add(pair, list);
            }

            if (list.Count == 0 || list[^1] != w)
            {
                list.Add(w);
            }
        }

        return grown;
    }

    private static long Pair(int left, int right) => ((long)left << 32) | (uint)right;

    private static (int Left, int Right) Split(long pair) => ((int)(pair >> 32), (int)pair);

    /// <summary>Higher count first; ties go to the pair whose left, then right, token sorts first ordinally, so training is deterministic.</summary>
    private sealed class BestPairFirst(List<string> tokens) : IComparer<(long Count, long Pair)>
    {
        public int Compare((long Count, long Pair) x, (long Count, long Pair) y)
        {
            if (x.Count != y.Count)
            {
                return y.Count.CompareTo(x.Count);
            }

            var (xLeft, xRight) = Split(x.Pair);
            var (yLeft, yRight) = Split(y.Pair);
            var byLeft = string.CompareOrdinal(tokens[xLeft], tokens[yLeft]);
            return byLeft != 0 ? byLeft : string.CompareOrdinal(tokens[xRight], tokens[yRight]);
        }
    }
}
