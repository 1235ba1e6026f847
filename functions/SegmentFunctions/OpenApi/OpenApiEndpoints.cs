namespace SegmentFunctions.OpenApi;

/// <summary>The OpenAPI document of the HTTP functions, served at <c>/api/openapi/v1.json</c>.</summary>
public static class OpenApiEndpoints
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/api/openapi/v1.json";

    public static IServiceCollection AddSegmentOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "SegmentFunctions";
            document.Info.Description = "Customer segments, churn and lifetime value scores for marketing tools. Behind the Functions host every route but health needs a function key (x-functions-key header or code query).";
            return Task.CompletedTask;
        }));

    public static IEndpointRouteBuilder MapSegmentOpenApi(this IEndpointRouteBuilder endpoints)
    {
        // A literal route (the default document when the pattern has no {documentName}), so the route table names
        // exactly what function.json declares.
        endpoints.MapOpenApi(DocumentPath);
        return endpoints;
    }
}
