using Platform.Evaluation.Preferences;
using Xunit;

namespace Platform.Domain.Tests.Preferences.Statistics;

public sealed class KrippendorffAlphaTests
{
    /// <summary>
    /// The reliability data of Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C
    /// (also Content Analysis, 4th ed., ch. 12): 4 observers, 12 units, values 1–5, missing values.
    /// The paper reports α = 0.743 (nominal) and 0.849 (interval); a Python transcription of the same
    /// coincidence-matrix method reproduces both and gives the ordinal α = 0.8153875.
    /// </summary>
    private static readonly double?[][] ReliabilityData =
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
        [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];

    private static IEnumerable<IReadOnlyList<double>> Units(double?[][] byObserver) =>
        Enumerable.Range(0, byObserver[0].Length)
            .Select(u => (IReadOnlyList<double>)byObserver.Where(o => o[u] is not null).Select(o => o[u]!.Value).ToList());

    [Fact]
    public void Given_Krippendorffs_2011_reliability_data_When_computing_ordinal_alpha_Then_0_8154()
    {
        Assert.Equal(0.8153875037548814, KrippendorffAlpha.Ordinal(Units(ReliabilityData))!.Value, 10);
    }

    [Fact]
    public void Given_perfect_agreement_with_variation_When_computing_alpha_Then_one()
    {
        Assert.Equal(1, KrippendorffAlpha.Ordinal([[1, 1], [2, 2, 2], [3, 3]])!.Value, 12);
    }

    [Fact]
    public void Given_no_pairable_unit_or_no_variation_When_computing_alpha_Then_it_is_undefined()
    {
        Assert.Null(KrippendorffAlpha.Ordinal([[1], [2]]));
        Assert.Null(KrippendorffAlpha.Ordinal([[2, 2], [2, 2]]));
    }
}
