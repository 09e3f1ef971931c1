using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Domain.Users;
using Platform.Testing;
using Xunit;

namespace Platform.Web.Tests;

/// <summary>The preferences API on the real app: a researcher creates comparisons and reads statistics, an annotator ranks.</summary>
public sealed class PreferencesApiTests(WebAppProcess app) : IClassFixture<WebAppProcess>, IDisposable
{
    private readonly HttpClient http = app.ClientAs(Role.Researcher);
    private readonly HttpClient annotator = app.ClientAs(Role.Annotator);

    public void Dispose()
    {
        http.Dispose();
        annotator.Dispose();
    }

    [Fact]
    public async Task Given_a_comparison_When_it_is_ranked_twice_by_a_retrying_client_Then_the_snapshot_and_stats_count_it_once()
    {
        var batch = $"api-{Guid.NewGuid():N}";
        var posted = await http.PostAsJsonAsync("/api/comparisons", new
        {
            prompt = "Say hello politely.",
            batch,
            seed = 3,
            candidates = new[]
            {
                new { text = "Hello! How can I help?", modelLabel = "tuned", adapterId = Guid.NewGuid() },
                new { text = "hi", modelLabel = "base", adapterId = Guid.NewGuid() },
            },
        });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var comparisonId = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var next = await annotator.GetFromJsonAsync<JsonElement>($"/api/annotation/next?batch={batch}");
        var current = next.GetProperty("current");
        Assert.Equal(comparisonId, current.GetProperty("comparisonId").GetGuid());
        Assert.Equal(JsonValueKind.Null, next.GetProperty("following").ValueKind);
        var shown = current.GetProperty("candidates").EnumerateArray()
            .ToDictionary(c => c.GetProperty("text").GetString()!, c => c.GetProperty("candidateId").GetGuid());

        var ranking = new { tiers = new[] { new[] { shown["Hello! How can I help?"] }, new[] { shown["hi"] } }, timeSpentSeconds = 12.5, clientCommandId = Guid.NewGuid() };
        var first = await annotator.PostAsJsonAsync($"/api/comparisons/{comparisonId}/rankings", ranking);
        var retry = await annotator.PostAsJsonAsync($"/api/comparisons/{comparisonId}/rankings", ranking);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(
            (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());

        var snapshot = await http.GetFromJsonAsync<JsonElement>("/api/preferences/snapshot");
        var pair = Assert.Single(snapshot.GetProperty("pairs").EnumerateArray(), p => p.GetProperty("comparisonId").GetGuid() == comparisonId);
        Assert.Equal("tuned", pair.GetProperty("chosenModel").GetString());
        Assert.Equal("Say hello politely.", pair.GetProperty("prompt").GetString());

        var sequence = snapshot.GetProperty("sequence").GetInt64();
        var stats = await http.GetFromJsonAsync<JsonElement>($"/api/annotation/stats?upToSequence={sequence}");
        Assert.Equal(sequence, stats.GetProperty("sequence").GetInt64());
        Assert.Equal(1, Assert.Single(stats.GetProperty("annotators").EnumerateArray()).GetProperty("rankings").GetInt32());
        var strengths = await http.GetFromJsonAsync<JsonElement>($"/api/preferences/model-strengths?upToSequence={sequence}");
        Assert.Equal("tuned", strengths.GetProperty("models")[0].GetProperty("modelLabel").GetString());

        // The progress projection is asynchronous: the web app's daemon applies it a moment later.
        var progress = await annotator.GetUntilAsync("/api/annotation/progress", p => p.GetProperty("rankings").GetInt32() > 0, Patience.Page);
        Assert.Equal((1, 12.5), (progress.GetProperty("rankings").GetInt32(), TimeSpan.Parse(progress.GetProperty("timeSpent").GetString()!).TotalSeconds));
    }

    [Fact]
    public async Task Given_invalid_preference_requests_When_sent_Then_problem_details()
    {
        var badComparison = await http.PostAsJsonAsync("/api/comparisons", new { prompt = "only one", candidates = new[] { new { text = "x", modelLabel = "m", adapterId = Guid.NewGuid() } } });
        var unknownComparison = await annotator.PostAsJsonAsync($"/api/comparisons/{Guid.NewGuid()}/rankings", new { tiers = new[] { new[] { Guid.NewGuid() }, new[] { Guid.NewGuid() } }, timeSpentSeconds = 1 });
        var futureSnapshot = await http.GetAsync($"/api/preferences/snapshot?upToSequence={long.MaxValue}");

        Assert.Equal(HttpStatusCode.BadRequest, badComparison.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownComparison.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, futureSnapshot.StatusCode);
        Assert.Equal("application/problem+json", futureSnapshot.Content.Headers.ContentType?.MediaType);
    }
}
