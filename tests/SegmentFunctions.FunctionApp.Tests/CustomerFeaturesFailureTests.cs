using System.Net;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;

namespace SegmentFunctions.FunctionApp.Tests;

/// <summary>How the feature endpoint answers when the store fails: problem details, never internals.</summary>
public sealed class CustomerFeaturesFailureTests : IClassFixture<FunctionAppFactory>
{
    private readonly FunctionAppFactory _factory;
    private readonly HttpClient _client;

    public CustomerFeaturesFailureTests(FunctionAppFactory factory)
    {
        _factory = factory;
        _factory.Reset();
        _client = factory.CreateClient();
    }

    [Fact]
    public async Task Store_unavailable_answers_503_problem_details_without_internals()
    {
        _factory.InMemoryStore.FailWith = new StoreUnavailableException("Cosmos DB account key abc123 throttled");

        using var response = await _client.GetAsync("/api/customers/c1/features");

        var text = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.DoesNotContain("abc123", text);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Unexpected_failure_answers_500_problem_details_without_a_stack_trace()
    {
        _factory.InMemoryStore.FailWith = new InvalidOperationException("connection string Password=hunter2");

        using var response = await _client.GetAsync("/api/customers/c1/features");

        var text = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("InvalidOperationException", text);
        Assert.DoesNotContain(" at ", text);
    }

}
