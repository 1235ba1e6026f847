using SegmentFunctions.Application.Composition;
using SegmentFunctions.Features;
using SegmentFunctions.Hosting;
using SegmentFunctions.Ingestion;
using SegmentFunctions.Storage.Composition;

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseCustomHandlerEndpoint();

builder.Services
    .AddSegmentStorage(builder.Configuration)
    .AddSegmentIngestion(builder.Configuration)
    .AddInvocationDecoding(builder.Configuration);

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapReadiness();
app.MapFeaturizeEvents();
app.MapCustomerFeatures();

app.Run();

/// <summary>The entry point, public so WebApplicationFactory can host the handler in tests.</summary>
public partial class Program;
