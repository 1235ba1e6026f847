using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace SegmentFunctions.FunctionApp.Tests.Serve;

/// <summary>HTTP functions with every kind of parameter and result `segment serve` binds, and some it refuses.</summary>
public sealed class SampleFunctions(TimeProvider clock)
{
    [Function("Echo")]
    public async Task<IResult> EchoAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "echo/{name}")] HttpRequest request,
        string name,
        FunctionContext context,
        TimeProvider services,
        CancellationToken cancellationToken)
    {
        await Task.Yield();
        return Results.Text(string.Join('|',
            name,
            context.FunctionDefinition.Name,
            ReferenceEquals(context.GetHttpContext(), request.HttpContext),
            context.BindingContext.BindingData["name"],
            ReferenceEquals(services, clock),
            cancellationToken == request.HttpContext.RequestAborted));
    }

    [Function("Plain")]
    public static IResult Plain([HttpTrigger(AuthorizationLevel.Function, "post", Route = "plain")] HttpRequest request) =>
        Results.Text(request.Method);

    [Function("UnboundString")]
    public IResult UnboundString([HttpTrigger(AuthorizationLevel.Function, "get", Route = "unbound")] HttpRequest request, string missing) =>
        Results.Text(missing + clock.GetUtcNow());

    [Function("VoidResult")]
    public void VoidResult([HttpTrigger(AuthorizationLevel.Function, "get", Route = "void")] HttpRequest request)
    {
    }
}
