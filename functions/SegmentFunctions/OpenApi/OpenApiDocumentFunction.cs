using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
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

    /// <summary>
    /// The JSON options that write the functions' bodies. A feature document is answered as its features part, without
    /// the featurizer's processing state, so its schema comes from the options of that part.
    /// </summary>
    public static readonly IReadOnlyList<JsonSerializerOptions> BodyWriters =
        [ServingJsonContext.Default.Options, ModelsJsonContext.Default.Options, FeatureDocumentParts.FeaturesPartOptions, RetrainingJsonContext.Default.Options,
         RetrainRunsJsonContext.Default.Options, RetrainRunListJsonContext.Default.Options, DeadLetterJsonContext.Default.Options];

    private static readonly Lazy<byte[]> Document = new(() =>
        Encoding.UTF8.GetBytes(OpenApiDocumentBuilder.Build(HttpFunctions.All, BodyWriters).ToJsonString(new JsonSerializerOptions
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
