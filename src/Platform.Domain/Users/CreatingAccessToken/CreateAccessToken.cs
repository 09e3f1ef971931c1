using FluentValidation;
using Marten;
using MediatR;
using Platform.Domain.Common;

namespace Platform.Domain.Users.CreatingAccessToken;

public sealed record AccessTokenCreated(Guid UserId, Guid TokenId, string UserName, string Name, string TokenHash, DateTimeOffset ExpiresAt, DateTimeOffset CreatedAt);

/// <summary>The token, readable this once, and its id for revoking it.</summary>
public sealed record CreatedAccessToken(Guid Id, string Token, DateTimeOffset ExpiresAt);

/// <summary>A signed-in user creates a token for their scripts; it acts as them, with their role at the time of each request.</summary>
public sealed record CreateAccessToken(string Name, TimeSpan Lifetime, string Actor) : IRequest<Result<CreatedAccessToken>>
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);
}

public sealed class CreateAccessTokenValidator : AbstractValidator<CreateAccessToken>
{
    public CreateAccessTokenValidator()
    {
        RuleFor(c => c.Actor).NotEmpty();
        RuleFor(c => c.Name).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Lifetime)
            .InclusiveBetween(TimeSpan.FromMinutes(1), CreateAccessToken.MaxLifetime)
            .WithMessage($"A token lives between one minute and {CreateAccessToken.MaxLifetime.TotalDays:0} days.");
    }
}

public sealed class CreateAccessTokenHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<CreateAccessToken, Result<CreatedAccessToken>>
{
    public async Task<Result<CreatedAccessToken>> Handle(CreateAccessToken command, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<UserAccount>(UserAccount.IdFor(command.Actor), cancellationToken);
        if (stream.Aggregate is not { } user)
        {
            return Error.Forbidden($"'{command.Actor}' is not a registered user.");
        }

        var now = clock.GetUtcNow();
        var secret = AccessToken.NewSecret();
        var created = new AccessTokenCreated(user.Id, Guid.CreateVersion7(), user.Name, command.Name.Trim(), AccessToken.HashOf(secret), now + command.Lifetime, now);
        stream.AppendOne(created);
        return await session.TrySaveChangesAsync($"{user.Name}'s account changed concurrently; try again.", cancellationToken) is { } conflict
            ? conflict
            : new CreatedAccessToken(created.TokenId, secret, created.ExpiresAt);
    }
}
