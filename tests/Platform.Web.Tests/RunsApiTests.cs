using Platform.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Domain.Users;
using Xunit;

namespace Platform.Web.Tests;

public sealed class RunsApiTests(WebAppProcess app) : IClassFixture<WebAppProcess>, IDisposable
{
    private readonly HttpClient http = app.ClientAs(Role.Researcher);

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task Given_the_api_When_a_run_is_posted_Then_its_events_are_listed_in_order()
    {
        var name = $"api-{Guid.NewGuid():N}"[..12];
        var posted = await http.PostAsJsonAsync("/api/runs", new { name, method = "pretrain", dataset = "brown-sample", maxSteps = 20, checkpointEvery = 10, precision = "BFloat16Mixed" });

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/runs/{id}", posted.Headers.Location?.ToString());

        var status = await WaitForStatusAsync(id, "Completed", Patience.Run);
        Assert.Equal("Completed", status);

        var events = await http.GetFromJsonAsync<JsonElement[]>($"/api/runs/{id}/events");
        var types = events!.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["RunQueued", "RunStarted"], types.Take(2));
        Assert.Equal("BFloat16Mixed", events![0].GetProperty("data").GetProperty("config").GetProperty("precision").GetString());
        Assert.Contains("MetricsLogged", types);
        Assert.Equal(2, types.Count(t => t == "CheckpointSaved"));
        Assert.Equal("RunCompleted", types[^1]);
        Assert.Equal(Enumerable.Range(1, events!.Length).Select(v => (long)v), events.Select(e => e.GetProperty("version").GetInt64()));

        var lineage = await http.GetFromJsonAsync<JsonElement>($"/api/lineage?around=run:{id}");
        var edges = lineage.GetProperty("edges").EnumerateArray().Select(e => (e.GetProperty("from").GetString(), e.GetProperty("relation").GetString())).ToList();
        Assert.Equal(2, edges.Count(e => e == ($"run:{id}", "saved")));
    }

    [Fact]
    public async Task Given_a_client_command_id_When_the_same_run_is_posted_twice_Then_both_answers_name_one_run()
    {
        var body = new { name = "retried", method = "pretrain", dataset = "brown-sample", maxSteps = 5, clientCommandId = Guid.NewGuid() };

        var first = await (await http.PostAsJsonAsync("/api/runs", body)).Content.ReadFromJsonAsync<JsonElement>();
        var retry = await (await http.PostAsJsonAsync("/api/runs", body)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(first.GetProperty("id").GetGuid(), retry.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Given_an_invalid_run_When_posted_Then_a_problem_details_names_the_invalid_fields()
    {
        var response = await http.PostAsJsonAsync("/api/runs", new { name = "bad", method = "pretrain", dataset = "brown-sample", learningRate = -1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        // The key's prefix ("Config.") is the validator's business; the field it names is what a client needs.
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), error => error.Name.Contains("LearningRate", StringComparison.Ordinal));
        var runs = await http.GetFromJsonAsync<JsonElement[]>("/api/runs");
        Assert.DoesNotContain(runs!, r => r.GetProperty("name").GetString() == "bad");
    }

    [Fact]
    public async Task Given_an_unknown_run_When_requested_Then_404_problem_details()
    {
        foreach (var path in new[] { $"/api/runs/{Guid.NewGuid()}", $"/api/runs/{Guid.NewGuid()}/events" })
        {
            var response = await http.GetAsync(path);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Given_the_app_has_started_When_listing_base_models_Then_the_shipped_model_is_registered_with_its_card()
    {
        var models = await http.GetFromJsonAsync<JsonElement[]>("/api/base-models");

        var builtIn = Assert.Single(models!, m => m.GetProperty("name").GetString() == "brown-gpt2-small");
        Assert.Equal("Gpt2", builtIn.GetProperty("architecture").GetString());
        Assert.Contains("held-out perplexity", builtIn.GetProperty("card").GetString());
        Assert.Equal("platform", builtIn.GetProperty("registeredBy").GetString());
        var chosen = await http.GetFromJsonAsync<JsonElement>("/api/base-models/default");
        Assert.Equal(builtIn.GetProperty("id").GetGuid(), chosen.GetProperty("baseModelId").GetGuid());
    }

    [Fact]
    public async Task Given_a_folder_that_is_not_a_model_When_importing_it_Then_a_problem_names_what_is_missing()
    {
        var folder = Directory.CreateTempSubdirectory("platform-not-a-model-").FullName;
        try
        {
            var response = await http.PostAsJsonAsync("/api/base-models/import", new { path = folder, name = "not-a-model" });

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("model.safetensors", problem.GetProperty("errors").GetProperty("path")[0].GetString());
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    private async Task<string?> WaitForStatusAsync(Guid id, string expected, TimeSpan timeout)
    {
        var run = await http.GetUntilAsync($"/api/runs/{id}", r => r.GetProperty("status").GetString() is var s && (s == expected || s == "Failed"), timeout);
        return run.GetProperty("status").GetString() switch
        {
            var status when status == expected => status,
            "Failed" => $"Failed: {run.GetProperty("failureReason")}",
            var status => $"{status} after {timeout}; web app output:{Environment.NewLine}{app.OutputTail}",
        };
    }
}
