using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.Domain.Users;

namespace Platform.Web.Tests;

public static class BrowserSignIn
{
    /// <summary>Signs <paramref name="page"/> in through the sign-in page as <paramref name="role"/>'s user, and waits until it has left it.</summary>
    public static async Task SignInAsync(this IPage page, WebAppProcess app, Role role)
    {
        var (name, password, _) = app.User(role);
        await page.GotoAsync(app.BaseUrl + "/sign-in");
        await page.GetByLabel("User name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("^(?!.*/sign-in)"));
    }
}
