using Platform.Domain.BaseModels;
using Platform.Domain.BaseModels.ChoosingDefault;
using Platform.Domain.BaseModels.GettingDefault;
using Platform.Domain.BaseModels.RegisteringBaseModel;
using Platform.Domain.Common;
using Platform.Domain.Users;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.BaseModels;

public sealed class DefaultBaseModelTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    private async Task<Guid> RegisterAsync(string name) =>
        (await database.SendAsync(new RegisterBaseModel(
            name, "Gpt2", 1000, 256, 64, "Gpt2VocabularyAndMerges", $"/models/{name}", new string('d', 64), "# card",
            new Dictionary<string, double>(), SystemActor.Name))).Value;

    [Fact]
    public async Task Given_two_models_When_choosing_defaults_Then_the_latest_choice_wins_and_repeating_it_appends_nothing()
    {
        var first = await RegisterAsync("first");
        var second = await RegisterAsync("second");

        await database.SendAsync(new ChooseDefaultBaseModel(first, SystemActor.Name));
        var chosen = await database.SendAsync(new ChooseDefaultBaseModel(second, TestUsers.Researcher));
        await database.SendAsync(new ChooseDefaultBaseModel(second, TestUsers.Researcher));

        Assert.Equal(second, chosen.Value.BaseModelId);
        var current = (await database.SendAsync(new GetDefaultBaseModel())).Value;
        Assert.Equal((second, "second", TestUsers.Researcher), (current.BaseModelId, current.Name, current.ChosenBy));
        var history = (await database.StreamAsync(DefaultBaseModel.StreamId)).Select(e => (DefaultBaseModelChosen)e.Data).ToList();
        Assert.Equal([first, second], history.Select(h => h.BaseModelId));
        Assert.Equal(first, history[1].PreviousBaseModelId);
    }

    [Fact]
    public async Task Given_an_unknown_model_or_a_viewer_When_choosing_the_default_Then_an_error_and_no_event()
    {
        var model = await RegisterAsync("third");
        var before = await database.CountAllEventsAsync();

        var unknown = await database.SendAsync(new ChooseDefaultBaseModel(Guid.NewGuid(), TestUsers.Admin));
        var viewer = await database.SendAsync(new ChooseDefaultBaseModel(model, TestUsers.Viewer));

        Assert.Equal(ErrorKind.NotFound, Assert.Single(unknown.Errors).Kind);
        Assert.Equal(ErrorKind.Forbidden, Assert.Single(viewer.Errors).Kind);
        Assert.Equal(before, await database.CountAllEventsAsync());
    }
}
