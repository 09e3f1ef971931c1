using System.Security.Cryptography;
using System.Text;
using Platform.Domain.Registry;
using Platform.Domain.Registry.RegisteringAdapter;
using Platform.Domain.Runs.ClaimingRun;
using Platform.Domain.Runs.CompletingRun;
using Platform.Domain.Runs.SavingCheckpoint;
using Platform.Domain.Runs.StartingRun;
using Platform.Domain.Tests.Runs;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Registry;

/// <summary>The givens of registry tests: completed runs with checkpoints, adapters, and aliases unique to each test.</summary>
internal static class RegistryScenario
{
    public const string BaseModel = "brown-gpt2-small";
    public const string Task = "brown-genre";

    /// <summary>An alias no other test uses, so tests sharing a class fixture do not see each other's promotions.</summary>
    public static AliasKey FreshAlias(string name = "production", string baseModel = BaseModel) => new(baseModel, $"task-{Guid.NewGuid():N}"[..13], name);

    public static string Sha256Of(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A completed run with checkpoints at steps 100 and 200 and the given final metrics.</summary>
    public static async Task<Guid> CompletedRunAsync(this DomainDatabase database, IReadOnlyDictionary<string, double>? finalMetrics = null)
    {
        var runId = (await database.SendAsync(new StartRun(RunConfigs.Valid("adapter-source"), TestUsers.Researcher))).Value;
        Assert.True((await database.SendAsync(new ClaimRun(runId, "worker-a"))).IsSuccess);
        foreach (var step in new long[] { 100, 200 })
        {
            var path = CheckpointPath(runId, step);
            Assert.True((await database.SendAsync(new RecordCheckpoint(runId, step, path, Sha256Of(path), 4096 + step))).IsSuccess);
        }

        Assert.True((await database.SendAsync(new CompleteRun(runId, finalMetrics ?? new Dictionary<string, double> { ["val/loss"] = 2.0 }))).IsSuccess);
        return runId;
    }

    public static string CheckpointPath(Guid runId, long step) => $"/runs/{runId}/step-{step}.safetensors";

    /// <summary>An adapter for <paramref name="alias"/>'s base model and task, from a fresh completed run.</summary>
    public static async Task<Guid> AdapterAsync(this DomainDatabase database, AliasKey alias, IReadOnlyDictionary<string, double>? finalMetrics = null)
    {
        var runId = await database.CompletedRunAsync(finalMetrics);
        return (await database.SendAsync(new RegisterAdapter(runId, 200, null, "lora-r8", alias.BaseModel, alias.Task, "lora", TestUsers.Researcher))).Value;
    }
}
