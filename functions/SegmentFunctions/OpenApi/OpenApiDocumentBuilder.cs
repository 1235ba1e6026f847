using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.Azure.Functions.Worker;
using SegmentFunctions.Hosting;

namespace SegmentFunctions.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document of the HTTP functions, built from their attributes: path and method from
/// <c>[HttpTrigger]</c>, operation id from <c>[Function]</c>, <c>[EndpointSummary]</c>, <c>[QueryParameter]</c>,
/// <c>[Consumes]</c> and <c>[ProducesResponseType]</c>; body schemas from the JSON options (source-generated contexts)
/// that write them, so the schemas are the wire format.
/// </summary>
public static partial class OpenApiDocumentBuilder
{
    public const string Title = "SegmentFunctions";

    public const string Description =
        "Customer segments, churn and lifetime value scores for marketing tools. Behind the Functions host every route but "
        + "health needs a function key (x-functions-key header or code query); `segment serve` asks for its optional API key "
        + "(x-api-key header or code query) instead.";

    private const string ProblemContentType = "application/problem+json";

    public static JsonObject Build(IReadOnlyList<HttpFunction> functions, IReadOnlyList<JsonSerializerOptions> writers)
    {
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(writers);
        var paths = new JsonObject();
        foreach (var function in functions)
        {
            if (paths[function.Path] is not JsonObject item)
            {
                item = [];
                paths[function.Path] = item;
            }

            foreach (var method in function.HttpMethods)
            {
                item[method.ToLowerInvariant()] = Operation(function, writers);
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject { ["title"] = Title, ["description"] = Description, ["version"] = OpenApiDocumentFunction.DocumentName },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["functionKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "x-functions-key" },
                },
            },
        };
    }

    private static JsonObject Operation(HttpFunction function, IReadOnlyList<JsonSerializerOptions> writers)
    {
        var method = function.Method;
        var operation = new JsonObject { ["operationId"] = function.Name };
        if (method.GetCustomAttribute<EndpointSummaryAttribute>() is { } summary)
        {
            operation["summary"] = summary.Summary;
        }

        var parameters = new JsonArray();
        foreach (Match match in RouteParameter().Matches(function.Route))
        {
            parameters.Add(new JsonObject
            {
                ["name"] = match.Groups["name"].Value,
                ["in"] = "path",
                ["required"] = true,
                ["schema"] = new JsonObject { ["type"] = "string" },
            });
        }

        foreach (var query in method.GetCustomAttributes<QueryParameterAttribute>())
        {
            parameters.Add(new JsonObject
            {
                ["name"] = query.Name,
                ["in"] = "query",
                ["description"] = query.Description,
                ["schema"] = new JsonObject { ["type"] = "string" },
            });
        }

        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        if (method.GetCustomAttribute<ConsumesAttribute>() is IAcceptsMetadata { RequestType: { } requestType } consumes)
        {
            var content = new JsonObject();
            foreach (var contentType in consumes.ContentTypes)
            {
                content[contentType] = new JsonObject { ["schema"] = Schema(requestType, writers) };
            }

            operation["requestBody"] = new JsonObject { ["required"] = !consumes.IsOptional, ["content"] = content };
        }

        var responses = new JsonObject();
        foreach (var produces in method.GetCustomAttributes<ProducesResponseTypeAttribute>().GroupBy(p => p.StatusCode).OrderBy(g => g.Key))
        {
            var response = new JsonObject { ["description"] = produces.Select(p => p.Description).FirstOrDefault(d => d is not null) ?? ReasonPhrase(produces.Key) };
            var content = new JsonObject();
            foreach (var declared in produces)
            {
                var types = ContentTypes(declared) is { Count: > 0 } named ? named : ["application/json"];
                foreach (var contentType in types)
                {
                    content[contentType] = declared.Type is { } type && type != typeof(void)
                        ? new JsonObject { ["schema"] = Schema(type, writers) }
                        : new JsonObject();
                }
            }

            if (produces.Any(p => p.Type is not null && p.Type != typeof(void)) || produces.Any(p => ContentTypes(p).Count > 0))
            {
                response["content"] = content;
            }

            responses[produces.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
        }

        operation["responses"] = responses;
        if (function.AuthLevel != AuthorizationLevel.Anonymous)
        {
            operation["security"] = new JsonArray(new JsonObject { ["functionKey"] = new JsonArray() });
        }

        return operation;
    }

    private static List<string> ContentTypes(ProducesResponseTypeAttribute produces)
    {
        var contentTypes = new MediaTypeCollection();
        ((IApiResponseMetadataProvider)produces).SetContentTypes(contentTypes);
        return [.. contentTypes];
    }

    private static JsonNode Schema(Type type, IReadOnlyList<JsonSerializerOptions> writers)
    {
        if (type == typeof(ProblemDetails))
        {
            return ProblemDetailsSchema();
        }

        foreach (var writer in writers)
        {
            if (writer.TryGetTypeInfo(type, out var typeInfo))
            {
                return JsonSchemaExporter.GetJsonSchemaAsNode(typeInfo);
            }
        }

        throw new InvalidOperationException($"No JSON options of the app write {type.Name}; add it to a JSON context, so the document shows its wire format.");
    }

    /// <summary>RFC 7807 problem details as the functions write them.</summary>
    private static JsonObject ProblemDetailsSchema() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = new JsonArray("string", "null") },
            ["title"] = new JsonObject { ["type"] = new JsonArray("string", "null") },
            ["status"] = new JsonObject { ["type"] = new JsonArray("integer", "null") },
            ["detail"] = new JsonObject { ["type"] = new JsonArray("string", "null") },
            ["instance"] = new JsonObject { ["type"] = new JsonArray("string", "null") },
        },
    };

    private static string ReasonPhrase(int statusCode) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(statusCode) is { Length: > 0 } phrase ? phrase : statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\{(?<name>[^}:?=*]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
