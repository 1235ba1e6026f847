using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SegmentFunctions.Application.Composition;
using SegmentFunctions.Application.Orchestration;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Handler.Tests.Infrastructure;

namespace SegmentFunctions.Handler.Tests.Retraining;

/// <summary>
/// The handler with its retraining services on the embedded storage under the factory's fresh SEGMENT_DATA_DIR (local
/// folder blobs, SQLite queue) and <see cref="TestRetrainOrchestrator"/> registered as the retraining workflow. The
/// in-process worker is off unless <see cref="InProcessWorker"/> is set, so tests drive the queue themselves.
/// </summary>
public class RetrainHandlerFactory : HandlerFactory
{
    public TestRetrainSteps Steps { get; } = new();

    public bool InProcessWorker { get; init; }

    /// <summary>Retraining:* settings beyond the worker switch (e.g. MinInterval).</summary>
    public IReadOnlyDictionary<string, string> RetrainingSettings { get; init; } = new Dictionary<string, string>();

    public IWorkQueue RetrainQueue => Services.GetRequiredService<IWorkQueueFactory>().Get(RetrainOrchestration.QueueName);

    public ModelRegistry Registry => Services.GetRequiredService<ModelRegistry>();

    public OrchestrationClient Orchestrations => Services.GetRequiredService<OrchestrationClient>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Retraining:InProcessWorker", InProcessWorker ? "true" : "false");
        builder.UseSetting("Retraining:WorkerPollInterval", "00:00:00.100");
        builder.UseSetting("Orchestration:LeaseDuration", "00:00:15");
        builder.UseSetting("Orchestration:Retry:MaxNumberOfAttempts", "1");
        foreach (var (key, value) in RetrainingSettings)
        {
            builder.UseSetting($"Retraining:{key}", value);
        }

        builder.ConfigureTestServices(services =>
        {
            // The workflow registered by Program is replaced as a whole: its name is the one the triggers start.
            services.RemoveAll<OrchestrationRegistry>();
            services.AddSingleton(Steps);
            services.AddSegmentOrchestration(new ConfigurationBuilder().Build())
                .AddOrchestrator<TestRetrainOrchestrator, RetrainRequest, TestRetrainResult>(RetrainOrchestration.Name)
                .AddActivity<TestPrepareActivity, string, string>(TestRetrainOrchestrator.PrepareStep)
                .AddActivity<TestTrainActivity, string, string>(TestRetrainOrchestrator.TrainStep);
        });
    }
}
