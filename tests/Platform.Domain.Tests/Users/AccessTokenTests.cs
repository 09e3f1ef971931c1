using Platform.Domain.Common;
using Platform.Domain.Users;
using Platform.Domain.Users.AuthenticatingAccessToken;
using Platform.Domain.Users.ChangingRole;
using Platform.Domain.Users.CreatingAccessToken;
using Platform.Domain.Users.ListingAccessTokens;
using Platform.Domain.Users.RevokingAccessToken;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Users;

public sealed class AccessTokenTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    [Fact]
    public async Task Given_a_token_When_its_owner_s_role_changes_and_it_is_revoked_Then_it_acts_with_the_current_role_until_revoked()
    {
        var name = await NewUserAsync(Role.Viewer);
        var created = (await database.SendAsync(new CreateAccessToken("nightly script", TimeSpan.FromDays(30), name))).Value;

        var asViewer = (await database.SendAsync(new AuthenticateAccessToken(created.Token))).Value;
        _ = (await database.SendAsync(new ChangeUserRole(name, Role.Researcher, TestUsers.Admin))).Value;
        var asResearcher = (await database.SendAsync(new AuthenticateAccessToken(created.Token))).Value;
        var revoked = await database.SendAsync(new RevokeAccessToken(created.Id, name));
        var afterRevoke = await database.SendAsync(new AuthenticateAccessToken(created.Token));
        var listed = Assert.Single((await database.SendAsync(new ListAccessTokens(name))).Value);

        Assert.StartsWith(AccessToken.Prefix, created.Token);
        Assert.Equal(new SignedInUser(name, Role.Viewer), asViewer);
        Assert.Equal(Role.Researcher, asResearcher.Role);
        Assert.True(revoked.IsSuccess);
        Assert.Equal(ErrorKind.Unauthenticated, Assert.Single(afterRevoke.Errors).Kind);
        Assert.Equal(("nightly script", created.ExpiresAt), (listed.Name, listed.ExpiresAt));
        Assert.NotNull(listed.RevokedAt);
        var stored = await database.StreamAsync(UserAccount.IdFor(name));
        Assert.DoesNotContain(stored, e => System.Text.Json.JsonSerializer.Serialize(e.Data).Contains(created.Token));
    }

    [Fact]
    public async Task Given_someone_else_s_token_When_a_non_admin_revokes_it_Then_not_found_and_an_admin_may()
    {
        var owner = await NewUserAsync(Role.Researcher);
        var token = (await database.SendAsync(new CreateAccessToken("ci", TimeSpan.FromDays(1), owner))).Value;

        var byOther = await database.SendAsync(new RevokeAccessToken(token.Id, TestUsers.Researcher));
        var byAdmin = await database.SendAsync(new RevokeAccessToken(token.Id, TestUsers.Admin));
        var again = await database.SendAsync(new RevokeAccessToken(token.Id, owner));

        Assert.Equal(ErrorKind.NotFound, Assert.Single(byOther.Errors).Kind);
        Assert.True(byAdmin.IsSuccess);
        Assert.True(again.IsSuccess);
        Assert.Single((await database.StreamAsync(UserAccount.IdFor(owner))).Select(e => e.Data).OfType<AccessTokenRevoked>());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(400 * 24 * 60)]
    public async Task Given_a_lifetime_outside_the_bounds_When_creating_a_token_Then_a_validation_error(int minutes)
    {
        var result = await database.SendAsync(new CreateAccessToken("x", TimeSpan.FromMinutes(minutes), TestUsers.Viewer));

        Assert.Equal(nameof(CreateAccessToken.Lifetime), Assert.Single(result.Errors).Field);
    }

    [Fact]
    public async Task Given_an_unknown_token_When_authenticating_Then_unauthenticated()
    {
        var result = await database.SendAsync(new AuthenticateAccessToken(AccessToken.NewSecret()));

        Assert.Equal(ErrorKind.Unauthenticated, Assert.Single(result.Errors).Kind);
    }

    [Fact]
    public void Given_an_expiry_in_the_past_When_asking_whether_a_token_is_active_Then_it_is_not()
    {
        var now = DateTimeOffset.UnixEpoch.AddYears(50);
        var token = new AccessToken { UserName = "u", Name = "n", Hash = "h", ExpiresAt = now };

        Assert.False(token.IsActive(now));
        Assert.True(token.IsActive(now.AddSeconds(-1)));
        Assert.False((token with { ExpiresAt = now.AddDays(1), RevokedAt = now }).IsActive(now));
    }

    private async Task<string> NewUserAsync(Role role)
    {
        var name = $"tok-{Guid.NewGuid():N}"[..12];
        _ = (await database.SendAsync(new Platform.Domain.Users.RegisteringUser.RegisterUser(name, role, TestUsers.Admin))).Value;
        return name;
    }
}
