using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Platform.Testing;

namespace Platform.Web.Tests;

public static class BrowserSession
{
    private static readonly float PageTimeoutMs = (float)Patience.Page.TotalMilliseconds;

    /// <summary>
    /// Runs a browser session on a fresh page (in a context of its own, so signed out); a failure carries the
    /// page's address, a screenshot and the web app's last output.
    /// </summary>
    public static async Task OnPageAsync(this Chromium chromium, WebAppProcess app, Func<IPage, Task> session, [CallerMemberName] string test = "")
    {
        var page = await chromium.Browser.NewPageAsync();
        // Clicks, typing and assertions wait for their element as long as a page may take under load.
        page.SetDefaultTimeout(PageTimeoutMs);
        Assertions.SetDefaultExpectTimeout(PageTimeoutMs);
        try
        {
            await session(page);
        }
        catch (Exception failure)
        {
            throw new Xunit.Sdk.XunitException(
                $"{failure.Message}{Environment.NewLine}Page: {page.Url}{Environment.NewLine}{await ScreenshotAsync(page, test)}{Environment.NewLine}" +
                $"Web app output (last lines):{Environment.NewLine}{app.OutputTail}");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>Saves what the page showed; a failure here must not hide the test's own failure.</summary>
    private static async Task<string> ScreenshotAsync(IPage page, string test)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", $"{test}.png");
        try
        {
            await page.ScreenshotAsync(new() { Path = path, FullPage = true, Timeout = PageTimeoutMs });
            return $"Screenshot: {path}";
        }
        catch (PlaywrightException screenshotFailure)
        {
            return $"No screenshot: {screenshotFailure.Message}";
        }
    }
}
