using System.Net;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests.Serving;

/// <summary>With Api:Key set, `segment serve` asks for the key on every function whose authorization level is not anonymous.</summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    private const string Key = "s3cret-key";
    private FunctionAppFactoryWithKey _factory = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _factory = new FunctionAppFactoryWithKey();
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/customers/c1/scores")]
    [InlineData("/api/customers/c1/features")]
    [InlineData("/api/segments")]
    [InlineData("/api/openapi/v1.json")]
    public async Task Without_the_key_or_with_a_wrong_one_the_answer_is_401(string path)
    {
        var none = await _client.GetAsync(new Uri(path, UriKind.Relative));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        wrong.Headers.Add("x-api-key", Key + "x");
        var wrongResponse = await _client.SendAsync(wrong);
        var wrongCode = await _client.GetAsync(new Uri($"{path}?code=nope", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(none, HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(wrongResponse, HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(wrongCode, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_key_in_the_header_or_the_code_query_lets_the_request_through()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/openapi/v1.json", UriKind.Relative));
        request.Headers.Add("x-api-key", Key);

        var byHeader = await _client.SendAsync(request);
        var byQuery = await _client.GetAsync(new Uri($"/api/openapi/v1.json?code={Key}", UriKind.Relative));
        var deleteWithoutKey = await _client.DeleteAsync(new Uri("/api/customers/c1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, deleteWithoutKey.StatusCode);
    }

    [Fact]
    public async Task Health_an_anonymous_function_needs_no_key()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(new Uri("/api/health", UriKind.Relative))).StatusCode);
    }

    private sealed class FunctionAppFactoryWithKey : FunctionAppFactory
    {
        protected override void AddSettings(IDictionary<string, string?> settings)
        {
            base.AddSettings(settings);
            settings["Api:Key"] = Key;
        }
    }
}
