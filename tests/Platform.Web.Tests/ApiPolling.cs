using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Web.Tests;

public static class ApiPolling
{
    /// <summary>
    /// GETs <paramref name="url"/> until <paramref name="done"/> holds for its body or <paramref name="timeout"/>
    /// passes, and returns the last body: the caller asserts on it, so a timeout shows what was seen.
    /// </summary>
    public static async Task<JsonElement> GetUntilAsync(this HttpClient http, string url, Func<JsonElement, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var body = await http.GetFromJsonAsync<JsonElement>(url);
            if (done(body) || clock.Elapsed >= timeout)
            {
                return body;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
