using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Composition;
using SegmentFunctions.Hosting;
using SegmentFunctions.Telemetry;

// The function app on the .NET isolated worker. The functions are the [Function] classes of the feature folders:
//   Ingestion/FeaturizeEvents (Event Hubs)           Features/CustomerFeatures        Erasure/EraseCustomer
//   Scoring/CustomerScores, ScoreBatch              Segments/Segments, SegmentCustomers
//   Models/ListModels, CurrentModel, PromoteModel    Health/Health                    OpenApi/OpenApiDocument
//   Retraining/RetrainSchedule (timer), RetrainStart, RetrainStatus, the Retrain orchestrator and its activities
var builder = FunctionsApplication.CreateBuilder(args);

// HTTP functions take and return ASP.NET Core types (HttpRequest, IResult).
builder.ConfigureFunctionsWebApplication();

// An exception that escapes an HTTP function answers with problem details, as every other error does.
builder.UseMiddleware<HttpProblemDetailsMiddleware>();

// Storage, featurizer, scoring, model registry, retraining: the same composition as `segment serve`.
builder.Services.AddSegmentFunctions(builder.Configuration);

// Durable Functions runs the retraining orchestration (Retraining/); its inputs, results and status are written with
// the serializer the local Durable Task host uses too, so both read the same JSON.
builder.Services.Configure<WorkerOptions>(worker => worker.Serializer = new JsonObjectSerializer(RetrainSerialization.Options));

builder.Services.AddSegmentTelemetry(builder.Configuration, telemetry => telemetry.UseFunctionsWorkerDefaults());

builder.Build().Run();
