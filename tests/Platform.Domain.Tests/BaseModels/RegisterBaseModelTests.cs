using Platform.Domain.BaseModels.ListingBaseModels;
using Platform.Domain.BaseModels.RegisteringBaseModel;
using Platform.Domain.Common;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.BaseModels;

public sealed class RegisterBaseModelTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    private static RegisterBaseModel Command(string sha256) => new(
        "brown-gpt2-small", "Gpt2", 2_590_848, 4096, 128, "Gpt2VocabularyAndMerges", "/models/brown-gpt2-small", sha256, "# card",
        new Dictionary<string, double> { ["heldout/perplexity"] = 99.5 }, "platform");

    [Fact]
    public async Task Given_a_model_folder_When_registering_it_twice_Then_one_event_and_the_same_id()
    {
        var command = Command(new string('a', 64));

        var first = await database.SendAsync(command);
        var second = await database.SendAsync(command);

        Assert.Equal(first.Value, second.Value);
        Assert.IsType<BaseModelRegistered>(Assert.Single(await database.StreamAsync(first.Value)).Data);
        var listed = Assert.Single((await database.SendAsync(new ListBaseModels())).Value, m => m.Id == first.Value);
        Assert.Equal(99.5, listed.Metrics["heldout/perplexity"]);
    }

    [Fact]
    public async Task Given_new_weights_under_the_same_name_When_registering_Then_a_second_model()
    {
        var first = await database.SendAsync(Command(new string('b', 64)));
        var second = await database.SendAsync(Command(new string('c', 64)));

        Assert.NotEqual(first.Value, second.Value);
    }

    [Fact]
    public async Task Given_a_malformed_hash_When_registering_Then_a_validation_error_and_no_event()
    {
        var before = await database.CountAllEventsAsync();

        var result = await database.SendAsync(Command("not-a-hash"));

        Assert.Equal(ErrorKind.Validation, Assert.Single(result.Errors).Kind);
        Assert.Equal(before, await database.CountAllEventsAsync());
    }
}
