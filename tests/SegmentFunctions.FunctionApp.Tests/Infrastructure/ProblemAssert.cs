using System.Net;
using System.Text.Json;

namespace SegmentFunctions.FunctionApp.Tests.Infrastructure;

/// <summary>Asserts an RFC 7807 problem details response and returns its body.</summary>
public static class ProblemAssert
{
    public static async Task<string> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("title").GetString()));
        return text;
    }
}
