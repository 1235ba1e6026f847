using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SegmentFunctions.Application.Retraining.Runs;
using SegmentFunctions.DeadLetters;
using SegmentFunctions.Domain.Serialization;
using SegmentFunctions.Hosting;
using SegmentFunctions.Models;
using SegmentFunctions.Retraining;
using SegmentFunctions.Scoring;

namespace SegmentFunctions.OpenApi;

/// <summary><c>GET /api/openapi/v1.json</c>: the OpenAPI document of the HTTP functions, built once.</summary>
public sealed class OpenApiDocumentFunction
{
    public const string Name = "OpenApiDocument";
    public const string DocumentName = "v1";
    public const string DocumentPath = "/api/openapi/v1.json";

    /// <summary>The JSON contexts that write the functions' bodies.</summary>
    public static readonly IReadOnlyList<JsonSerializerContext> Contexts =
        [ServingJsonContext.Default, ModelsJsonContext.Default, DomainJsonContext.Default, RetrainingJsonContext.Default, RetrainRunsJsonContext.Default,
         RetrainRunListJsonContext.Default, DeadLetterJsonContext.Default];

    private static readonly Lazy<byte[]> Document = new(() =>
        Encoding.UTF8.GetBytes(OpenApiDocumentBuilder.Build(HttpFunctions.All, Contexts).ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        })));

    [Function(Name)]
    [EndpointSummary("This document.")]
    [ProducesResponseType(typeof(void), StatusCodes.Status200OK, "application/json")]
    public IResult Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "openapi/v1.json")] HttpRequest request) =>
        Results.Bytes(Document.Value, "application/json; charset=utf-8");
}
