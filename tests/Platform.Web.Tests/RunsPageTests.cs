using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Platform.Web.Tests;

public sealed class RunsPageTests(WebAppProcess app, Chromium chromium) : IClassFixture<WebAppProcess>, IClassFixture<Chromium>
{
    private static readonly LocatorAssertionsToHaveTextOptions RunTimeout = new() { Timeout = 120_000 };

    [Fact]
    public async Task Given_the_runs_page_When_a_run_is_started_from_the_dialog_Then_it_completes_with_a_loss_chart()
    {
        var page = await chromium.Browser.NewPageAsync();
        var name = $"browser-{Guid.NewGuid():N}"[..16];
        try
        {
            await page.GotoAsync(app.BaseUrl + "/");
            await Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });

            await page.GetByRole(AriaRole.Button, new() { Name = "New run" }).ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await dialog.GetByLabel("Name").FillAsync(name);
            await dialog.GetByLabel("Max steps").FillAsync("30");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();

            await page.WaitForURLAsync(new Regex("/runs/[0-9a-f-]{36}$"));
            await Expect(page.Locator("[data-testid=run-status]")).ToHaveTextAsync("Completed", RunTimeout);
            var line = page.Locator("[data-testid=loss-chart] .scatterlayer .trace path.js-line");
            await Expect(line).ToHaveCountAsync(1);
            var path = await line.GetAttributeAsync("d") ?? string.Empty;
            Assert.True(path.Count(c => c == 'L') >= 2, $"the loss line has fewer than 3 points: '{path}'");

            await page.GetByRole(AriaRole.Link, new() { Name = "Runs" }).ClickAsync();
            var row = page.Locator("tr", new() { HasText = name });
            await Expect(row.Locator("[data-testid=run-status]")).ToHaveTextAsync("Completed", RunTimeout);
        }
        catch (Exception failure)
        {
            var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", $"{nameof(RunsPageTests)}.png");
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
            throw new Xunit.Sdk.XunitException($"{failure.Message}{Environment.NewLine}Screenshot: {screenshot}{Environment.NewLine}Web app output:{Environment.NewLine}{app.OutputTail}");
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
