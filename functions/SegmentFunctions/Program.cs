using SegmentFunctions.Application.Composition;
using SegmentFunctions.DurableTask;
using SegmentFunctions.Erasure;
using SegmentFunctions.Features;
using SegmentFunctions.Health;
using SegmentFunctions.Hosting;
using SegmentFunctions.Ingestion;
using SegmentFunctions.Models;
using SegmentFunctions.Retraining;
using SegmentFunctions.OpenApi;
using SegmentFunctions.Scoring;
using SegmentFunctions.Segments;
using SegmentFunctions.Serving;
using SegmentFunctions.Storage.Composition;
using SegmentFunctions.Telemetry;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Configuration.AddHandlerDefaults();
builder.WebHost.UseCustomHandlerEndpoint();

builder.Services
    .AddSegmentStorage(builder.Configuration)
    .AddSegmentIngestion(builder.Configuration)
    .AddInvocationDecoding(builder.Configuration)
    .AddSegmentTelemetry(builder.Configuration)
    .AddScoreServing(builder.Configuration)
    .AddSegmentOpenApi();

builder.Services.AddLocalDurableTask(builder.Configuration);
builder.Services.AddRetrainTriggers();

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseApiKey();

app.MapReadiness();
app.MapFeaturizeEvents();
app.MapCustomerFeatures();
app.MapRetraining();
app.MapModels();
app.MapScoring();
app.MapSegments();
app.MapErasure();
app.MapHealth();
app.MapSegmentOpenApi();

app.Run();

/// <summary>The entry point, public so WebApplicationFactory can host the handler in tests.</summary>
public partial class Program;
