using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Composition;
using SegmentFunctions.Application.Retraining;
using SegmentFunctions.Storage.Composition;

namespace SegmentFunctions.DurableTask;

public static class LocalDurableTaskServiceCollectionExtensions
{
    /// <summary>
    /// Runs retraining on Durable Task in this process: the retraining run (<c>AddSegmentRetraining</c>), a sidecar
    /// (<see cref="LocalDurableTaskSidecar"/>: in memory, or Azure Storage when <c>AzureWebJobsStorage</c> is set), the
    /// SDK's gRPC worker with the retraining orchestrator and activities resolved from this container, and its
    /// <see cref="DurableTaskClient"/>, all with <see cref="RetrainSerialization.DataConverter"/>. Sidecar and worker
    /// are hosted services, in that order; without a generic host, start them with <see cref="LocalDurableTaskHost"/>.
    /// Needs the storage composition (<c>AddSegmentStorage</c>). Settings: section "DurableTask"
    /// (<see cref="LocalDurableTaskOptions"/>).
    /// </summary>
    public static IServiceCollection AddLocalDurableTask(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(LocalDurableTaskSidecar)))
        {
            return services;
        }

        services.AddSegmentRetraining(configuration);
        services.AddOptions<LocalDurableTaskOptions>()
            .Bind(configuration.GetSection(LocalDurableTaskOptions.SectionName))
            .Validate(o => o.Port is >= 0 and <= 65535, "DurableTask:Port must be 0 (any free port) to 65535.")
            .Validate(o => o.WorkItemQueueVisibilityTimeout > TimeSpan.Zero, "DurableTask:WorkItemQueueVisibilityTimeout must be positive.")
            .Validate(o => o.MaxQueuePollingInterval > TimeSpan.Zero, "DurableTask:MaxQueuePollingInterval must be positive.")
            .Validate(o => o.MaxConcurrentActivities >= 1, "DurableTask:MaxConcurrentActivities must be at least 1.")
            .Validate(o => o.HubName.Length is >= 3 and <= 45 && char.IsAsciiLetter(o.HubName[0]) && o.HubName.All(char.IsAsciiLetterOrDigit),
                "DurableTask:HubName must be 3 to 45 ASCII letters or digits, starting with a letter.");
        services.TryAddSingleton(_ => StorageConnections.From(configuration));
        services.AddSingleton<LocalDurableTaskSidecar>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalDurableTaskSidecar>());
        services.AddSingleton<LocalDurableTaskHost>();

        services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc();
            worker.Configure(o => o.DataConverter = RetrainSerialization.DataConverter);
        });
        services.AddOptions<DurableTaskRegistry>(Options.DefaultName)
            .Configure<IServiceProvider>(RetrainTasks.Register);
        services.AddOptions<DurableTaskWorkerOptions>(Options.DefaultName)
            .Configure<IOptions<LocalDurableTaskOptions>>((worker, local) =>
                worker.Concurrency.MaximumConcurrentActivityWorkItems = local.Value.MaxConcurrentActivities);
        services.AddOptions<GrpcDurableTaskWorkerOptions>(Options.DefaultName)
            .Configure<LocalDurableTaskSidecar>((grpc, sidecar) => grpc.Channel = sidecar.Channel);

        services.AddDurableTaskClient(client =>
        {
            client.UseGrpc();
            client.RegisterDirectly();
            client.Configure(o => o.DataConverter = RetrainSerialization.DataConverter);
        });
        services.AddOptions<GrpcDurableTaskClientOptions>(Options.DefaultName)
            .Configure<LocalDurableTaskSidecar>((grpc, sidecar) => grpc.Channel = sidecar.Channel);
        return services;
    }
}
