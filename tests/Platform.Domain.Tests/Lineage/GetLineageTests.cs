using Platform.Domain.Common;
using Platform.Domain.Datasets.AddingDatasetVersion;
using Platform.Domain.Datasets.Formats;
using Platform.Domain.Datasets.RegisteringDataset;
using Platform.Domain.Lineage;
using Platform.Domain.Lineage.GettingLineage;
using Platform.Domain.Preferences.CreatingComparison;
using Platform.Domain.Preferences.GettingComparison;
using Platform.Domain.Preferences.GettingPreferenceSnapshot;
using Platform.Domain.Preferences.SubmittingRanking;
using Platform.Domain.Registry.PromotingAdapter;
using Platform.Domain.Registry.RegisteringAdapter;
using Platform.Domain.Runs.ClaimingRun;
using Platform.Domain.Runs.CompletingRun;
using Platform.Domain.Runs.SavingCheckpoint;
using Platform.Domain.Runs.StartingRun;
using Platform.Domain.Tests.Datasets;
using Platform.Domain.Tests.Registry;
using Platform.Domain.Tests.Runs;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Lineage;

public sealed class GetLineageTests(DatasetsDatabase database) : IClassFixture<DatasetsDatabase>
{
    [Fact]
    public async Task Given_a_promoted_adapter_When_asking_for_the_lineage_of_its_dataset_version_Then_the_chain_to_the_alias_is_there_and_nothing_else()
    {
        var datasetId = (await database.SendAsync(new RegisterDataset("lineage-data", DatasetTaskKind.Instruction, "test data", TestUsers.Researcher))).Value;
        var versionId = (await database.SendAsync(new AddDatasetVersion(datasetId, Uploads.Jsonl(Uploads.InstructionJsonl), new SplitSpec(), TestUsers.Researcher))).Value;
        var runId = (await database.SendAsync(new StartRun(RunConfigs.Valid("lineage-run") with { DatasetVersionId = versionId }, TestUsers.Researcher))).Value;
        var unrelatedRun = (await database.SendAsync(new StartRun(RunConfigs.Valid("unrelated"), TestUsers.Researcher))).Value;
        await database.SendAsync(new ClaimRun(runId, "worker"));
        await database.SendAsync(new RecordCheckpoint(runId, 100, "/runs/x/step-100", RegistryScenario.Sha256Of("100"), 10));
        await database.SendAsync(new CompleteRun(runId, new Dictionary<string, double> { ["val/loss"] = 1.5 }));
        var alias = RegistryScenario.FreshAlias();
        var adapterId = (await database.SendAsync(new RegisterAdapter(runId, 100, null, "lineage-lora", alias.BaseModel, alias.Task, "lora", TestUsers.Researcher))).Value;
        Assert.True((await database.SendAsync(new PromoteAdapter(alias, adapterId, "best so far", TestUsers.Researcher))).IsSuccess);

        var graph = (await database.SendAsync(new GetLineage(LineageIds.DatasetVersion(versionId)))).Value;

        Assert.Equal(
            [LineageNodeKind.DatasetVersion, LineageNodeKind.Run, LineageNodeKind.Checkpoint, LineageNodeKind.Adapter, LineageNodeKind.Alias],
            graph.Nodes.Select(n => n.Kind).Order());
        Assert.Equal(
            [
                (LineageIds.DatasetVersion(versionId), LineageIds.Run(runId)),
                (LineageIds.Run(runId), LineageIds.Checkpoint(runId, 100)),
                (LineageIds.Checkpoint(runId, 100), LineageIds.Adapter(adapterId)),
                (LineageIds.Adapter(adapterId), LineageIds.Alias(alias.ToString())),
            ],
            graph.Edges.Select(e => (e.From, e.To)));
        Assert.DoesNotContain(graph.Nodes, n => n.Id == LineageIds.Run(unrelatedRun));

        var fromAlias = (await database.SendAsync(new GetLineage(LineageIds.Alias(alias.ToString())))).Value;
        Assert.Equal(graph.Nodes.Select(n => n.Id).Order(), fromAlias.Nodes.Select(n => n.Id).Order());
    }

    [Fact]
    public async Task Given_a_reward_model_and_a_policy_When_asking_for_the_lineage_of_their_preference_snapshot_Then_snapshot_reward_model_and_policy_are_chained()
    {
        var sourceRun = (await database.SendAsync(new StartRun(RunConfigs.Valid("source"), TestUsers.Researcher))).Value;
        var comparisonId = (await database.SendAsync(new CreateComparison(
            "Say hello.", [new CandidateDraft("hello", "a", sourceRun), new CandidateDraft("go away", "b", sourceRun)], TestUsers.Researcher, Seed: 2))).Value;
        var candidates = (await database.SendAsync(new GetComparison(comparisonId))).Value.Candidates;
        await database.SendAsync(new SubmitRanking(comparisonId, [[candidates[0].CandidateId], [candidates[1].CandidateId]], TimeSpan.FromSeconds(3), TestUsers.Annotator));
        var snapshot = (await database.SendAsync(new GetPreferenceSnapshot())).Value.Sequence;
        var rewardRun = (await database.SendAsync(new StartRun(RunConfigs.Valid("reward") with { PreferenceSnapshot = snapshot }, TestUsers.Researcher))).Value;
        var policyRun = (await database.SendAsync(new StartRun(RunConfigs.Valid("policy") with { RewardModelRunId = rewardRun }, TestUsers.Researcher))).Value;

        var graph = (await database.SendAsync(new GetLineage(LineageIds.PreferenceSnapshot(snapshot)))).Value;

        Assert.Equal(
            [(LineageIds.PreferenceSnapshot(snapshot), LineageIds.Run(rewardRun), "taught"), (LineageIds.Run(rewardRun), LineageIds.Run(policyRun), "rewarded")],
            graph.Edges.Select(e => (e.From, e.To, e.Relation)));
    }

    [Fact]
    public async Task Given_a_future_snapshot_or_an_unknown_reward_model_When_starting_a_run_Then_validation_errors_and_no_event()
    {
        var eventsBefore = await database.CountAllEventsAsync();

        var future = await database.SendAsync(new StartRun(RunConfigs.Valid() with { PreferenceSnapshot = long.MaxValue }, TestUsers.Researcher));
        var unknownReward = await database.SendAsync(new StartRun(RunConfigs.Valid() with { RewardModelRunId = Guid.NewGuid() }, TestUsers.Researcher));

        Assert.Equal("Config.PreferenceSnapshot", Assert.Single(future.Errors).Field);
        Assert.Equal("Config.RewardModelRunId", Assert.Single(unknownReward.Errors).Field);
        Assert.Equal(eventsBefore, await database.CountAllEventsAsync());
    }

    [Fact]
    public async Task Given_an_unknown_node_When_asking_for_its_lineage_Then_not_found()
    {
        var result = await database.SendAsync(new GetLineage(LineageIds.Run(Guid.NewGuid())));

        Assert.Equal(ErrorKind.NotFound, Assert.Single(result.Errors).Kind);
    }
}
