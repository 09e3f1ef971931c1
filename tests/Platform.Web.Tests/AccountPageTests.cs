using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.Domain.Users;
using Platform.Domain.Users.SigningIn;
using Platform.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Platform.Web.Tests;

/// <summary>Signing in and out, lockout, the account page's tokens, and what each role sees, in Chromium.</summary>
public sealed class AccountPageTests(WebAppProcess app, Chromium chromium) : IClassFixture<WebAppProcess>, IClassFixture<Chromium>
{
    private static readonly float PageTimeoutMs = (float)Patience.Page.TotalMilliseconds;

    [Fact]
    public async Task Given_a_viewer_When_signing_in_wrongly_then_rightly_creating_and_revoking_a_token_and_signing_out_Then_each_step_shows_and_the_token_stops_working()
    {
        var (name, password, _) = app.User(Role.Viewer);
        await OnPageAsync(async page =>
        {
            await page.GotoAsync(app.BaseUrl + "/");
            await page.WaitForURLAsync(new Regex("/sign-in\\?ReturnUrl=%2F$"));
            await page.GetByLabel("User name").FillAsync(name);
            await page.GetByLabel("Password").FillAsync("not the password");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByTestId("sign-in-error")).ToHaveTextAsync(SignInDecision.WrongCredentials.Message);
            await Screenshots.SaveAsync(page, "sign-in-page");

            await page.GetByLabel("Password").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            // A one-time password leads to the account page, asking for a password of one's own.
            await page.WaitForURLAsync(new Regex("/account\\?choose=true$"));
            await Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1, new() { Timeout = PageTimeoutMs });
            await Expect(page.GetByTestId("account-role")).ToHaveTextAsync("Role: Viewer");

            await page.GetByLabel("Token name").FillAsync("nightly report");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
            var token = Regex.Match(await page.GetByTestId("new-token").InnerTextAsync(), "plat_[A-Za-z0-9_-]+").Value;
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "nightly report" });
            await Expect(row).ToContainTextAsync("active");
            await Screenshots.SaveAsync(page, "account-page");
            using var script = app.Anonymous();
            script.DefaultRequestHeaders.Authorization = new("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/runs")).StatusCode);

            await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
            await Expect(row).ToContainTextAsync("revoked");
            Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/runs")).StatusCode);

            // A viewer sees the runs page, without the button that starts one.
            await page.GotoAsync(app.BaseUrl + "/");
            await Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1, new() { Timeout = PageTimeoutMs });
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Runs" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "New run" })).ToHaveCountAsync(0);

            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await page.WaitForURLAsync(new Regex("/sign-in$"));
            await page.GotoAsync(app.BaseUrl + "/datasets");
            await page.WaitForURLAsync(new Regex("/sign-in\\?ReturnUrl=%2Fdatasets$"));
        });
    }

    [Fact]
    public async Task Given_repeated_wrong_passwords_When_the_right_one_follows_Then_the_account_is_locked_and_the_page_says_until_when()
    {
        using var admin = app.ClientAs(Role.Admin);
        var name = $"locked-{Guid.NewGuid():N}"[..14];
        var registered = await admin.PostAsJsonAsync("/api/users", new { name, role = "Researcher" });
        var password = (await registered.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oneTimePassword").GetString()!;
        for (var attempt = 0; attempt < SignIn.MaxFailedAttempts; attempt++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => app.SignedInAsync(name, $"wrong {attempt}"));
        }

        await OnPageAsync(async page =>
        {
            await page.GotoAsync(app.BaseUrl + "/sign-in");
            await page.GetByLabel("User name").FillAsync(name);
            await page.GetByLabel("Password").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

            await Expect(page.GetByTestId("sign-in-error")).ToContainTextAsync("locked until");
        });

        var reset = await admin.PostAsync($"/api/users/{name}/password-reset", null);
        var newPassword = (await reset.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oneTimePassword").GetString()!;
        using var signedIn = await app.SignedInAsync(name, newPassword);
    }

    [Fact]
    public async Task Given_an_annotator_When_signed_in_Then_they_land_on_their_account_and_the_runs_page_is_not_theirs()
    {
        await OnPageAsync(async page =>
        {
            await page.SignInAsync(app, Role.Annotator);
            await Expect(page).ToHaveURLAsync(new Regex("/account"));

            await page.GotoAsync(app.BaseUrl + "/");

            await page.WaitForURLAsync(new Regex("/forbidden"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Runs" })).ToHaveCountAsync(0);
        });
    }

    private Task OnPageAsync(Func<IPage, Task> session, [CallerMemberName] string test = "") => chromium.OnPageAsync(app, session, test);
}
