using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SegmentFunctions.Cli.Commands;
using SegmentFunctions.Storage.EventHubs;

namespace SegmentFunctions.Cli.Serve;

/// <summary>
/// The event processor of `segment consume` as a hosted service of `segment serve --consume`: it starts with the HTTP
/// API and, when the server stops (Ctrl+C), lets the batches in hand finish and checkpoints them, within the host's
/// shutdown timeout; what is abandoned after it is delivered again on restart.
/// </summary>
internal sealed class EventHubConsumerService(EventHubIngestionProcessor processor) : IHostedService
{
    /// <summary>Registers the processor (on the server's own featurizer and blob store) and this service that runs it.</summary>
    public static void AddTo(IServiceCollection services, EventHubSettings hub, EventHubsOptions options)
    {
        services.AddSingleton(provider => EventHubConsumerArguments.CreateProcessor(provider, hub, options));
        services.AddHostedService(provider => new EventHubConsumerService(provider.GetRequiredService<EventHubIngestionProcessor>()));
    }

    public Task StartAsync(CancellationToken cancellationToken) => processor.StartProcessingAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => processor.StopAsync(cancellationToken);
}
