using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Users;

namespace Platform.Domain.Registry.ConfiguringPromotionGates;

public sealed record PromotionGatesConfigured(Guid AliasId, AliasKey Alias, PromotionGates Gates, string ConfiguredBy, DateTimeOffset ConfiguredAt);

/// <summary>Sets the gates every later promotion to the alias must pass; the alias stream starts here if it is new.</summary>
public sealed record ConfigurePromotionGates(AliasKey Alias, PromotionGates Gates, string Actor) : IRequest<Result<AliasState>>, IAuthorizedRequest
{
    public Permission RequiredPermission => Permission.Promote;
}

public sealed class ConfigurePromotionGatesValidator : AbstractValidator<ConfigurePromotionGates>
{
    public ConfigurePromotionGatesValidator()
    {
        RuleFor(c => c.Alias).NotNull().SetValidator(new AliasKeyValidator());
        RuleFor(c => c.Gates).NotNull().DependentRules(() =>
        {
            RuleForEach(c => c.Gates.Metrics).ChildRules(gate =>
            {
                gate.RuleFor(g => g.Metric).NotEmpty();
                gate.RuleFor(g => g.Threshold).Must(double.IsFinite).WithMessage("A threshold must be a finite number.");
                gate.RuleFor(g => g.Direction).IsInEnum();
            }).OverridePropertyName("Gates.Metrics");
            RuleFor(c => c.Gates.MinimumHumanWinRate).InclusiveBetween(0, 1).OverridePropertyName("Gates.MinimumHumanWinRate");
            RuleForEach(c => c.Gates.Retention).ChildRules(gate =>
            {
                gate.RuleFor(g => g.Metric).NotEmpty();
                gate.RuleFor(g => g.MaximumRegressionPercent)
                    .Must(p => double.IsFinite(p) && p >= 0)
                    .WithMessage("A maximum regression is a finite percentage ≥ 0.");
                gate.RuleFor(g => g.Direction).IsInEnum();
            }).OverridePropertyName("Gates.Retention");
            RuleFor(c => c.Gates)
                .Must(g => g.Metrics.DistinctBy(m => m.Metric).Count() == g.Metrics.Count && g.Retention.DistinctBy(r => r.Metric).Count() == g.Retention.Count)
                .WithMessage("Each metric may have one gate of each kind.");
        });
    }
}

public sealed class ConfigurePromotionGatesHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<ConfigurePromotionGates, Result<AliasState>>
{
    public async Task<Result<AliasState>> Handle(ConfigurePromotionGates command, CancellationToken cancellationToken)
    {
        var aliasId = command.Alias.ToStreamId();
        var stream = await session.Events.FetchForWriting<AliasState>(aliasId, cancellationToken);
        stream.AppendOne(new PromotionGatesConfigured(aliasId, command.Alias, command.Gates, command.Actor, clock.GetUtcNow()));
        if (await session.TrySaveChangesAsync($"Alias {command.Alias} changed concurrently; reload it and retry.", cancellationToken) is { } conflict)
        {
            return conflict;
        }

        return (await session.LoadAsync<AliasState>(aliasId, cancellationToken))!;
    }
}
