using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using Marten;
using Marten.Exceptions;
using MediatR;
using Platform.Domain.Common;
using Platform.Domain.Users;

namespace Platform.Domain.BaseModels.RegisteringBaseModel;

public sealed record BaseModelRegistered(
    Guid BaseModelId,
    string Name,
    string Architecture,
    long Parameters,
    int VocabularySize,
    int ContextLength,
    string Tokenizer,
    string Path,
    string Sha256,
    string Card,
    IReadOnlyDictionary<string, double> Metrics,
    string RegisteredBy,
    DateTimeOffset RegisteredAt);

/// <summary>
/// Registers a base model's weights. The id follows from the name and the weights' hash, so
/// registering the same files again (every start-up) returns the existing id and appends nothing.
/// </summary>
public sealed record RegisterBaseModel(
    string Name,
    string Architecture,
    long Parameters,
    int VocabularySize,
    int ContextLength,
    string Tokenizer,
    string Path,
    string Sha256,
    string Card,
    IReadOnlyDictionary<string, double> Metrics,
    string Actor) : IRequest<Result<Guid>>, IAuthorizedRequest
{
    public Permission RequiredPermission => Permission.ManageData;

    public Guid BaseModelId => new(SHA256.HashData(Encoding.UTF8.GetBytes($"base-model:{Name}:{Sha256}"))[..16]);
}

public sealed class RegisterBaseModelValidator : AbstractValidator<RegisterBaseModel>
{
    public RegisterBaseModelValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Architecture).NotEmpty();
        RuleFor(c => c.Parameters).GreaterThan(0);
        RuleFor(c => c.VocabularySize).GreaterThan(0);
        RuleFor(c => c.ContextLength).GreaterThan(0);
        RuleFor(c => c.Tokenizer).NotEmpty();
        RuleFor(c => c.Path).NotEmpty();
        RuleFor(c => c.Sha256).Matches("^[0-9a-f]{64}$").WithMessage("SHA-256 must be 64 lowercase hex digits.");
        RuleFor(c => c.Actor).NotEmpty();
    }
}

public sealed class RegisterBaseModelHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<RegisterBaseModel, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(RegisterBaseModel command, CancellationToken cancellationToken)
    {
        var id = command.BaseModelId;
        if (await session.LoadAsync<BaseModelSummary>(id, cancellationToken) is not null)
        {
            return id;
        }

        session.Events.StartStream<BaseModelSummary>(id, new BaseModelRegistered(
            id, command.Name, command.Architecture, command.Parameters, command.VocabularySize, command.ContextLength,
            command.Tokenizer, command.Path, command.Sha256, command.Card, command.Metrics, command.Actor, clock.GetUtcNow()));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (ExistingStreamIdCollisionException)
        {
            // Registered concurrently by another caller: the same facts, so the same answer.
        }

        return id;
    }
}
