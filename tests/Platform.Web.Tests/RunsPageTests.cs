using Platform.Testing;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.Domain.Users;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Platform.Web.Tests;

public sealed class RunsPageTests(WebAppProcess app, Chromium chromium) : IClassFixture<WebAppProcess>, IClassFixture<Chromium>
{
    /// <summary>A tiny run takes seconds; the margin is for a loaded machine running other test projects alongside.</summary>
    private static readonly float RunTimeoutMs = (float)Patience.Run.TotalMilliseconds;
    private static readonly float PageTimeoutMs = (float)Patience.Page.TotalMilliseconds;

    private static readonly Regex Completed = new("Completed");

    [Fact]
    public async Task Given_the_runs_page_When_a_run_is_started_from_the_dialog_Then_it_completes_with_a_loss_chart()
    {
        var name = $"browser-{Guid.NewGuid():N}"[..16];
        await OnPageAsync(async page =>
        {
            await page.GotoAsync(app.BaseUrl + "/");
            // The prerendered page already shows the button; clicks only work once the circuit is up, which the layout marks.
            await Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1, new() { Timeout = PageTimeoutMs });
            var newRun = page.GetByRole(AriaRole.Button, new() { Name = "New run" });
            await Expect(newRun).ToBeEnabledAsync();

            await newRun.ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await dialog.GetByLabel("Name").FillAsync(name);
            // Start is clicked straight after typing: the field binds on input, so Start sends what it shows.
            await dialog.GetByLabel("Max steps").FillAsync("30");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();

            await page.WaitForURLAsync(new Regex("/runs/[0-9a-f-]{36}$"));
            // The URL changes before the run page replaces the runs table, whose status chips would match too.
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true })).ToBeVisibleAsync(new() { Timeout = PageTimeoutMs });
            await Expect(page.Locator("[data-testid=run-status]")).ToHaveTextAsync(Completed, new() { Timeout = RunTimeoutMs });
            // A typed value lost on the way would pass silently as a 200-step run.
            await Expect(page.GetByRole(AriaRole.Cell, new() { NameRegex = new Regex(@"^\d+ \/ 30$") })).ToBeVisibleAsync();

            // The chart is extended by the page's one-second refresh, so the last points may arrive after the status.
            var line = page.Locator("[data-testid=loss-chart] .scatterlayer .trace path.js-line");
            await Expect(line.First).ToHaveAttributeAsync("d", new Regex("L.*L"), new() { Timeout = PageTimeoutMs });
            await Screenshots.SaveAsync(page, "run-page");

            await page.GotoAsync(app.BaseUrl + "/");
            // The prerendered table is replaced when the circuit starts; the picture is of the live one.
            await Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1, new() { Timeout = PageTimeoutMs });
            var row = page.Locator("tr", new() { HasText = name });
            await Expect(row).ToBeVisibleAsync();
            await Expect(row.Locator("[data-testid=run-status]")).ToHaveTextAsync(Completed);
            await Screenshots.SaveAsync(page, "runs-page");
        });
    }

    [Fact]
    public async Task Given_a_dataset_version_When_a_LoRA_run_with_a_mean_pooling_head_is_started_from_the_dialog_Then_it_fine_tunes_the_default_base_model_to_completion()
    {
        var datasetName = await UploadMailsAsync();
        await OnPageAsync(async page =>
        {
            var name = $"lora-{datasetName}";
            var dialog = await NewFineTuningRunAsync(page, name, "Reparameterisation · LoRA", datasetName);
            await dialog.GetByLabel("Max steps").FillAsync("20");
            await dialog.GetByText("Method options").ClickAsync();
            var meanPooling = dialog.GetByRole(AriaRole.Radiogroup, new() { Name = "Classification head reads" })
                .GetByRole(AriaRole.Radio, new() { Name = "the mean of all tokens" });
            // The server renders the choice: a render still on its way may show the old one for a moment, so wait for it.
            await meanPooling.ClickAsync();
            await Expect(meanPooling).ToBeCheckedAsync();
            await meanPooling.ScrollIntoViewIfNeededAsync();
            await Screenshots.SaveAsync(dialog, "new-run-dialog");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();

            await page.WaitForURLAsync(new Regex("/runs/[0-9a-f-]{36}$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true })).ToBeVisibleAsync(new() { Timeout = PageTimeoutMs });
            await Expect(page.Locator("[data-testid=run-status]")).ToHaveTextAsync(Completed, new() { Timeout = RunTimeoutMs });
            await Expect(page.GetByRole(AriaRole.Cell, new() { NameRegex = new Regex(@"^\d+ \/ 20$") })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "test/accuracy", Exact = true })).ToBeVisibleAsync(new() { Timeout = PageTimeoutMs });
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "trainable_parameter_share", Exact = true })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "MethodOptions.Rank", Exact = true })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Row, new() { Name = "MethodOptions.Pooling Mean" })).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task Given_a_P_tuning_template_with_more_tokens_after_the_input_than_the_prompt_has_When_starting_Then_the_dialog_names_the_problem()
    {
        var datasetName = await UploadMailsAsync();
        await OnPageAsync(async page =>
        {
            var dialog = await NewFineTuningRunAsync(page, $"p-tuning-{datasetName}", "Additive · P-tuning", datasetName);
            await dialog.GetByText("Method options").ClickAsync();
            // Fill replaces the text in one input event. Clearing first sent an empty field, which the server
            // clamps to the field's minimum (1) and renders back, so a 4 typed next could land as "14".
            var virtualTokens = dialog.GetByLabel("Virtual tokens (prompts, prefixes)");
            await virtualTokens.FillAsync("4");
            await Expect(virtualTokens).ToHaveValueAsync("4");
            var afterInput = dialog.GetByLabel("Of them after the input (prompt tuning, P-tuning template)");
            await afterInput.FillAsync("6");
            await afterInput.PressAsync("Tab");

            await dialog.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();

            var problem = dialog.GetByText("6 virtual tokens after the input exceed the 4 virtual tokens of the prompt.");
            await Expect(problem).ToBeVisibleAsync();
            await problem.ScrollIntoViewIfNeededAsync();
            await Screenshots.SaveAsync(dialog, "new-run-dialog-error");
            Assert.EndsWith("/", page.Url);
        });
    }

    /// <summary>Opens the New-run dialog on the runs page and fills in a name, a method (its menu label) and the dataset's first version.</summary>
    private async Task<ILocator> NewFineTuningRunAsync(IPage page, string name, string method, string datasetName)
    {
        await page.GotoAsync(app.BaseUrl + "/");
        await Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1, new() { Timeout = PageTimeoutMs });
        await page.GetByRole(AriaRole.Button, new() { Name = "New run" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByRole(AriaRole.Combobox, new() { Name = "Method" }).ClickAsync();
        await page.GetByText(method, new() { Exact = true }).ClickAsync();
        await Expect(dialog.GetByText("brown-gpt2-small")).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Combobox, new() { Name = "Dataset version" }).ClickAsync();
        await page.GetByText($"{datasetName} v1").ClickAsync();
        return dialog;
    }

    /// <summary>Registers a classification dataset through the API with one version of separable mails; returns its name.</summary>
    private async Task<string> UploadMailsAsync()
    {
        using var http = app.ClientAs(Role.Researcher);
        var name = $"mails-{Guid.NewGuid():N}"[..14];
        var registered = await http.PostAsJsonAsync("/api/datasets", new { name, taskKind = "Classification", description = "separable mails" });
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var lines = Enumerable.Range(0, 60).Select(i => JsonSerializer.Serialize(new
        {
            text = i % 2 == 0 ? $"Win {i} dollars now, click this free offer" : $"The meeting about chapter {i} moves to Tuesday",
            label = i % 2 == 0 ? "spam" : "ham",
        }));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join("\n", lines))), "file", "mails.jsonl" } };
        (await http.PostAsync($"/api/datasets/{id}/versions", form)).EnsureSuccessStatusCode();
        return name;
    }

    /// <summary>A browser session signed in as the researcher, who starts runs.</summary>
    private Task OnPageAsync(Func<IPage, Task> session, [CallerMemberName] string test = "") =>
        chromium.OnPageAsync(app, async page =>
        {
            await page.SignInAsync(app, Role.Researcher);
            await session(page);
        }, test);
}
