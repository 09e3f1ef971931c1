using Platform.Domain.Common;
using Platform.Domain.Users;
using Platform.Domain.Users.ChangingPassword;
using Platform.Domain.Users.ResettingPassword;
using Platform.Domain.Users.SigningIn;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Users;

public sealed class SignInTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    [Fact]
    public async Task Given_a_one_time_password_When_the_user_signs_in_and_chooses_their_own_Then_only_the_new_one_signs_in()
    {
        var oneTime = (await database.SendAsync(new ResetPassword(TestUsers.Researcher, TestUsers.Admin))).Value;

        var first = (await database.SendAsync(new SignIn(TestUsers.Researcher, oneTime))).Value;
        var changed = await database.SendAsync(new ChangePassword(oneTime, "correct horse battery", TestUsers.Researcher));
        var withNew = (await database.SendAsync(new SignIn(TestUsers.Researcher, "correct horse battery"))).Value;
        var withOld = await database.SendAsync(new SignIn(TestUsers.Researcher, oneTime));

        Assert.Equal(new SignedInUser(TestUsers.Researcher, Role.Researcher, MustChangePassword: true), first);
        Assert.True(changed.IsSuccess);
        Assert.Equal(new SignedInUser(TestUsers.Researcher, Role.Researcher), withNew);
        Assert.Equal(SignInDecision.WrongCredentials, Assert.Single(withOld.Errors));
        Assert.Equal(20, oneTime.Length);
    }

    [Fact]
    public async Task Given_parallel_wrong_passwords_When_they_reach_the_limit_Then_each_counts_once_and_even_the_right_password_is_refused()
    {
        var name = await UserWithPasswordAsync("lockme", "the right password");

        var guesses = await Task.WhenAll(Enumerable.Range(0, SignIn.MaxFailedAttempts + 3).Select(i => database.SendAsync(new SignIn(name, $"guess number {i}"))));
        var right = await database.SendAsync(new SignIn(name, "the right password"));

        Assert.All(guesses, g => Assert.Equal(ErrorKind.Unauthenticated, Assert.Single(g.Errors).Kind));
        Assert.Contains("locked until", Assert.Single(right.Errors).Message);
        var failures = (await database.StreamAsync(UserAccount.IdFor(name))).Select(e => e.Data).OfType<SignInFailed>().ToList();
        Assert.Equal(Enumerable.Range(1, SignIn.MaxFailedAttempts), failures.Select(f => f.FailedAttempts));
        Assert.NotNull(failures[^1].LockedOutUntil);
    }

    [Theory]
    [InlineData("nobody-of-that-name")]
    [InlineData(TestUsers.Viewer)] // registered, no password yet
    public async Task Given_an_unknown_user_or_one_without_a_password_When_signing_in_Then_the_same_answer_as_a_wrong_password_and_nothing_stored(string name)
    {
        var eventsBefore = await database.CountAllEventsAsync();

        var result = await database.SendAsync(new SignIn(name, "some password"));

        Assert.Equal(SignInDecision.WrongCredentials, Assert.Single(result.Errors));
        Assert.Equal(eventsBefore, await database.CountAllEventsAsync());
    }

    [Fact]
    public async Task Given_a_non_admin_When_resetting_someone_s_password_or_choosing_a_short_one_Then_refused()
    {
        var name = await UserWithPasswordAsync("shorty", "a long enough password");

        var reset = await database.SendAsync(new ResetPassword(name, TestUsers.Researcher));
        var tooShort = await database.SendAsync(new ChangePassword("a long enough password", "short", name));
        var wrongCurrent = await database.SendAsync(new ChangePassword("not the password", "another long password", name));

        Assert.Equal(ErrorKind.Forbidden, Assert.Single(reset.Errors).Kind);
        Assert.Equal(nameof(ChangePassword.NewPassword), Assert.Single(tooShort.Errors).Field);
        Assert.Equal(nameof(ChangePassword.CurrentPassword), Assert.Single(wrongCurrent.Errors).Field);
    }

    [Fact]
    public void Given_a_lock_that_has_run_out_When_the_password_is_wrong_again_Then_the_count_starts_afresh()
    {
        var now = DateTimeOffset.UnixEpoch.AddYears(50);
        var account = new UserAccount { Id = Guid.NewGuid(), Name = "pat", Role = Role.Viewer };
        var expired = new UserCredential { Id = account.Id, PasswordHash = "x", FailedSignIns = SignIn.MaxFailedAttempts, LockedOutUntil = now.AddSeconds(-1) };

        var (wrong, _) = SignInDecision.Decide(expired, account, verified: false, now);
        var (right, answer) = SignInDecision.Decide(expired, account, verified: true, now);
        var (_, whileLocked) = SignInDecision.Decide(expired with { LockedOutUntil = now.AddMinutes(1) }, account, verified: true, now);

        Assert.Equal(new SignInFailed(account.Id, 1, null, now), wrong);
        Assert.IsType<SignedIn>(right);
        Assert.True(answer.IsSuccess);
        Assert.Equal(ErrorKind.Unauthenticated, Assert.Single(whileLocked.Errors).Kind);
    }

    private async Task<string> UserWithPasswordAsync(string prefix, string password)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..16];
        _ = (await database.SendAsync(new Platform.Domain.Users.RegisteringUser.RegisterUser(name, Role.Viewer, TestUsers.Admin))).Value;
        var oneTime = (await database.SendAsync(new ResetPassword(name, TestUsers.Admin))).Value;
        _ = (await database.SendAsync(new ChangePassword(oneTime, password, name))).Value;
        return name;
    }
}
