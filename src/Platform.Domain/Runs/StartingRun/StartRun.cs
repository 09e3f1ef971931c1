using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Users;

namespace Platform.Domain.Runs.StartingRun;

public sealed record RunQueued(Guid RunId, RunConfig Config, string QueuedBy, DateTimeOffset QueuedAt);

/// <summary>Queues a training run; a worker claims it later. A retry with the same client command id returns the same run.</summary>
public sealed record StartRun(RunConfig Config, string Actor, Guid? ClientCommandId = null) : IRequest<Result<Guid>>, IAuthorizedRequest, IRetryableCommand
{
    public Permission RequiredPermission => Permission.RunExperiments;
}

public sealed class StartRunValidator : AbstractValidator<StartRun>
{
    public StartRunValidator()
    {
        RuleFor(c => c.Actor).NotEmpty();
        RuleFor(c => c.Config).NotNull().DependentRules(() =>
        {
            RuleFor(c => c.Config.Name).NotEmpty().MaximumLength(200).WithName("Name");
            RuleFor(c => c.Config.Method)
                .Must(RunMethods.IsKnown)
                .WithName("Method")
                .WithMessage(c => $"Unknown method '{c.Config.Method}'. Available: {string.Join(", ", RunMethods.All.Select(m => m.Id))}.");
            RuleFor(c => c.Config.Dataset)
                .Cascade(CascadeMode.Stop)
                .NotEmpty()
                .WithName("Dataset")
                .Must(BuiltInDatasets.IsKnown)
                .WithMessage(c => $"Unknown dataset '{c.Config.Dataset}'. Available: {string.Join(", ", BuiltInDatasets.All.Select(d => d.Id))}.");
            RuleFor(c => c.Config.LearningRate)
                .Must(lr => double.IsFinite(lr) && lr > 0)
                .WithName("LearningRate")
                .WithMessage("Learning rate must be a finite number greater than 0.");
            RuleFor(c => c.Config.MaxSteps).InclusiveBetween(1, 1_000_000).WithName("MaxSteps");
            RuleFor(c => c.Config.WarmupSteps).GreaterThanOrEqualTo(0).WithName("WarmupSteps");
            RuleFor(c => c.Config.BatchSize).InclusiveBetween(1, 1024).WithName("BatchSize");
            RuleFor(c => c.Config.ContextLength).InclusiveBetween(2, 4096).WithName("ContextLength");
            RuleFor(c => c.Config.Layers).InclusiveBetween(1, 48).WithName("Layers");
            RuleFor(c => c.Config.Heads).InclusiveBetween(1, 64).WithName("Heads");
            RuleFor(c => c.Config.EmbeddingSize)
                .InclusiveBetween(8, 4096)
                .WithName("EmbeddingSize")
                .Must((c, size) => size % c.Config.Heads == 0)
                .WithMessage("Embedding size must be a multiple of the number of heads.");
            RuleFor(c => c.Config.GradientClip)
                .Must(v => double.IsFinite(v) && v >= 0)
                .WithName("GradientClip")
                .WithMessage("Gradient clip must be 0 (off) or a positive finite number.");
            RuleFor(c => c.Config.WeightDecay)
                .Must(v => double.IsFinite(v) && v >= 0)
                .WithName("WeightDecay")
                .WithMessage("Weight decay must be a finite number ≥ 0.");
            RuleFor(c => c.Config.GradientAccumulationSteps).InclusiveBetween(1, 1024).WithName("GradientAccumulationSteps");
            RuleFor(c => c.Config.Schedule).IsInEnum().WithName("Schedule");
            RuleFor(c => c.Config.Precision).IsInEnum().WithName("Precision");
            RuleFor(c => c.Config.CycleSteps).GreaterThanOrEqualTo(0).WithName("CycleSteps");
            RuleFor(c => c.Config.EvalEvery).GreaterThanOrEqualTo(0).WithName("EvalEvery");
            RuleFor(c => c.Config.EarlyStoppingPatience)
                .GreaterThanOrEqualTo(0)
                .WithName("EarlyStoppingPatience")
                .Must((c, patience) => patience == 0 || c.Config.EvalEvery > 0)
                .WithMessage("Early stopping needs periodic evaluation: set EvalEvery as well.");
            RuleFor(c => c.Config.LogEvery).InclusiveBetween(1, 100_000).WithName("LogEvery");
            RuleFor(c => c.Config.CheckpointEvery).InclusiveBetween(1, 1_000_000).WithName("CheckpointEvery");
        });
    }
}

public sealed class StartRunHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<StartRun, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(StartRun command, CancellationToken cancellationToken)
    {
        if (await session.PreviousOutcomeAsync(command, cancellationToken) is { } previous)
        {
            return previous;
        }

        var runId = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        session.Events.StartStream<RunSummary>(runId, new RunQueued(runId, command.Config, command.Actor, now));
        session.RecordOutcome(command, runId, now);
        return await session.TrySaveNewStreamAsync(runId, "The same command was being processed concurrently; send it again to get its run.", cancellationToken);
    }
}
