using Platform.Domain.Users;
using Platform.Domain.Users.EnsuringAdmin;
using Platform.Domain.Users.SigningIn;
using Platform.Testing;
using Xunit;

namespace Platform.Domain.Tests.Users;

public sealed class EnsureAdminAccountTests(DomainDatabase database) : IClassFixture<DomainDatabase>
{
    /// <summary>The fixture's users come from before passwords (no admin can sign in), as a database of an earlier version does.</summary>
    [Fact]
    public async Task Given_no_admin_with_a_password_When_starting_twice_Then_the_first_admin_gets_one_one_time_password_and_the_second_start_none()
    {
        var issued = (await database.SendAsync(new EnsureAdminAccount())).Value;
        var again = (await database.SendAsync(new EnsureAdminAccount())).Value;
        var signedIn = (await database.SendAsync(new SignIn(issued!.Name, issued.OneTimePassword))).Value;

        Assert.Equal(TestUsers.Admin, issued.Name);
        Assert.Null(again);
        Assert.Equal(new SignedInUser(TestUsers.Admin, Role.Admin, MustChangePassword: true), signedIn);
    }
}
