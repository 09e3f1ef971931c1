using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Domain.Users;
using Xunit;

namespace Platform.Web.Tests;

public sealed class ExperimentsApiTests(WebAppProcess app) : IClassFixture<WebAppProcess>, IDisposable
{
    private readonly HttpClient http = app.ClientAs(Role.Researcher);

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task Given_an_experiment_When_a_sweep_is_posted_and_its_runs_cancelled_Then_the_experiment_lists_them_and_the_timeline_ends_cancelled()
    {
        var created = await http.PostAsJsonAsync("/api/experiments", new
        {
            name = "api sweep", question = "Does the seed matter?", task = "api-task", metric = "val/loss", direction = "Minimise",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var experimentId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var sweep = await http.PostAsJsonAsync($"/api/experiments/{experimentId}/sweeps", new
        {
            baseConfig = new { name = "seeded", method = "pretrain", dataset = "brown-sample", maxSteps = 100_000 },
            spec = new { strategy = "Grid", options = new Dictionary<string, object> { ["Seed"] = new { values = new[] { "1", "2" } } } },
        });
        Assert.Equal(HttpStatusCode.Created, sweep.StatusCode);

        var detail = await http.GetFromJsonAsync<JsonElement>($"/api/experiments/{experimentId}");
        var runIds = detail.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(2, runIds.Count);
        foreach (var runId in runIds)
        {
            var cancelled = await http.PostAsJsonAsync($"/api/runs/{runId}/cancel", new { reason = "api test" });
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        }

        var timeline = await http.GetFromJsonAsync<JsonElement[]>($"/api/runs/{runIds[0]}/timeline");
        Assert.Equal("Cancelled", timeline![^1].GetProperty("state").GetProperty("status").GetString());
        var board = await http.GetAsync("/api/leaderboard?task=api-task&suite=none&metric=accuracy");
        Assert.Equal(HttpStatusCode.OK, board.StatusCode);
    }
}
