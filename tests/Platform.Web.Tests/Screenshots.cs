using Microsoft.Playwright;
using Platform.Testing;

namespace Platform.Web.Tests;

/// <summary>
/// The pictures in docs/screenshots/ (the README shows them), taken by the browser tests at the moment
/// a page shows what the test has just checked, so they are the product as it is, redrawn on every run.
/// </summary>
public static class Screenshots
{
    public static Task SaveAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = PathOf(name), FullPage = true });

    public static Task SaveAsync(ILocator element, string name) =>
        element.ScreenshotAsync(new() { Path = PathOf(name) });

    private static string PathOf(string name) => Path.Combine(TestEnvironment.RepositoryRoot, "docs", "screenshots", $"{name}.png");
}
