using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Domain.Users;
using Xunit;

namespace Platform.Web.Tests;

public sealed class DatasetsApiTests(WebAppProcess app) : IClassFixture<WebAppProcess>, IDisposable
{
    private readonly HttpClient http = app.ClientAs(Role.Researcher);

    public void Dispose() => http.Dispose();

    private static MultipartFormDataContent Upload(string fileName, string content)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(content)), "file", fileName);
        return form;
    }

    private async Task<Guid> RegisterAsync()
    {
        var posted = await http.PostAsJsonAsync("/api/datasets", new { name = $"api-{Guid.NewGuid():N}"[..16], taskKind = "Classification", description = "from the API test" });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        return (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task Given_a_registered_dataset_When_a_JSONL_file_is_posted_twice_Then_one_version_is_listed_with_its_hash_and_preview()
    {
        var id = await RegisterAsync();
        const string jsonl = "{\"text\":\"great\",\"label\":\"pos\"}\n{\"text\":\"dull\",\"label\":\"neg\"}\n";

        var first = await http.PostAsync($"/api/datasets/{id}/versions", Upload("reviews.jsonl", jsonl));
        var again = await http.PostAsync($"/api/datasets/{id}/versions", Upload("reviews.jsonl", jsonl));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(
            (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        var dataset = await http.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}");
        var version = Assert.Single(dataset.GetProperty("versions").EnumerateArray());
        Assert.Equal(2, version.GetProperty("recordCount").GetInt32());
        Assert.Equal("upload: reviews.jsonl", version.GetProperty("source").GetString());
        var details = await http.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/versions/1?preview=1");
        Assert.Equal("{\"label\":\"pos\",\"text\":\"great\"}", Assert.Single(details.GetProperty("preview").EnumerateArray()).GetString());
        var listed = await http.GetFromJsonAsync<JsonElement[]>("/api/datasets");
        Assert.Contains(listed!, d => d.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Given_a_file_with_bad_lines_When_posted_Then_a_problem_lists_every_line_and_no_version_is_added()
    {
        var id = await RegisterAsync();

        var response = await http.PostAsync($"/api/datasets/{id}/versions", Upload("bad.csv", "text,label\nfine,pos\n,neg\nonly-text\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["line 3", "line 4"], errors.EnumerateObject().Select(e => e.Name));
        var dataset = await http.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}");
        Assert.Empty(dataset.GetProperty("versions").EnumerateArray());
    }

    [Fact]
    public async Task Given_an_unknown_dataset_or_file_type_When_posting_a_version_Then_404_and_400_problems()
    {
        var id = await RegisterAsync();

        var unknown = await http.PostAsync($"/api/datasets/{Guid.NewGuid()}/versions", Upload("a.jsonl", "{\"text\":\"a\",\"label\":\"b\"}\n"));
        var undeclared = await http.PostAsync($"/api/datasets/{id}/versions", Upload("a.txt", "whatever"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, undeclared.StatusCode);
    }

    [Fact]
    public async Task Given_a_dataset_with_a_version_When_the_datasets_page_is_requested_Then_it_renders_them_on_the_server()
    {
        var id = await RegisterAsync();
        await http.PostAsync($"/api/datasets/{id}/versions", Upload("page.csv", "text,label\nrendered,pos\n"));
        var name = (await http.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}")).GetProperty("name").GetString()!;

        var page = await http.GetStringAsync("/datasets");

        Assert.Contains(name, page);
        Assert.Contains("upload: page.csv", page);
    }
}
