using Platform.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Domain.Users;
using Xunit;

namespace Platform.Web.Tests;

public sealed class RegistryApiTests(WebAppProcess app) : IClassFixture<WebAppProcess>, IDisposable
{
    private readonly HttpClient http = app.ClientAs(Role.Researcher);

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task Given_a_completed_run_When_its_checkpoints_are_registered_promoted_and_rolled_back_over_http_Then_the_alias_and_its_history_follow()
    {
        var runId = await CompletedRunAsync();
        var task = $"task-{Guid.NewGuid():N}"[..13];
        var alias = $"/api/aliases/brown-gpt2-small/{task}/production";

        var first = await RegisterAsync(runId, 10, task);
        var second = await RegisterAsync(runId, 20, task);
        Assert.Equal(second, await RegisterAsync(runId, 20, task));

        var gates = await http.PutAsJsonAsync($"{alias}/gates", new { metrics = new[] { new { metric = "val/loss", threshold = 100.0, direction = "LowerIsBetter" } } });
        Assert.Equal(HttpStatusCode.OK, gates.StatusCode);
        Assert.Equal(first, await PromoteAsync(alias, first, expectedVersion: 1));
        Assert.Equal(second, await PromoteAsync(alias, second, expectedVersion: 2));

        var stale = await http.PostAsJsonAsync($"{alias}/promotions", new { adapterId = first, reason = "stale view", expectedVersion = 2 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var rolledBack = await http.PostAsJsonAsync($"{alias}/rollback", new { reason = "regression" });
        Assert.Equal(HttpStatusCode.OK, rolledBack.StatusCode);
        Assert.Equal(first, (await rolledBack.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentAdapterId").GetGuid());

        var history = (await http.GetFromJsonAsync<JsonElement[]>($"{alias}/history"))!;
        Assert.Equal(["GatesConfigured", "Promoted", "Promoted", "RolledBack"], history.Select(h => h.GetProperty("change").GetString()));
        Assert.True(history[1].GetProperty("gateResults")[0].GetProperty("passed").GetBoolean());

        var adapters = (await http.GetFromJsonAsync<JsonElement[]>($"/api/adapters?baseModel=brown-gpt2-small&task={task}"))!;
        var holder = Assert.Single(adapters, a => a.GetProperty("aliases").GetArrayLength() == 1);
        Assert.Equal(first, holder.GetProperty("adapter").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Given_invalid_or_unknown_registry_requests_When_posted_Then_problem_details()
    {
        var invalid = await http.PostAsJsonAsync("/api/adapters", new { runId = Guid.NewGuid(), name = "x", baseModel = "m", task = "t", method = "lora" });
        var unknownAlias = await http.PostAsJsonAsync("/api/aliases/m/t/production/rollback", new { reason = "why not" });
        var unknownAdapter = await http.PostAsJsonAsync("/api/aliases/m/t/production/promotions", new { adapterId = Guid.NewGuid(), reason = "ship" });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("Checkpoint", (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(HttpStatusCode.NotFound, unknownAlias.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownAdapter.StatusCode);
        Assert.Equal("application/problem+json", unknownAdapter.Content.Headers.ContentType?.MediaType);
    }

    private async Task<Guid> RegisterAsync(Guid runId, long step, string task)
    {
        var response = await http.PostAsJsonAsync("/api/adapters", new { runId, checkpointStep = step, name = $"step-{step}", baseModel = "brown-gpt2-small", task, method = "pretrain" });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<Guid> PromoteAsync(string alias, Guid adapterId, long expectedVersion)
    {
        var response = await http.PostAsJsonAsync($"{alias}/promotions", new { adapterId, reason = "better", expectedVersion, clientCommandId = Guid.NewGuid() });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentAdapterId").GetGuid();
    }

    private async Task<Guid> CompletedRunAsync()
    {
        var posted = await http.PostAsJsonAsync("/api/runs", new { name = "adapter-source", method = "pretrain", dataset = "brown-sample", maxSteps = 20, checkpointEvery = 10 });
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var run = await http.GetUntilAsync($"/api/runs/{id}", r => r.GetProperty("status").GetString() is "Completed" or "Failed", Patience.Run);
        Assert.True(run.GetProperty("status").GetString() == "Completed", $"Run {id}: {run}; web app output:{Environment.NewLine}{app.OutputTail}");
        return id;
    }
}
