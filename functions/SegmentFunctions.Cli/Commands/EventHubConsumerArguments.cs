using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SegmentFunctions.Application.Ingestion;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.EventHubs;

namespace SegmentFunctions.Cli.Commands;

/// <summary>
/// The hub options of the commands that consume the Event Hub (`consume`, `serve --consume`), their settings, and the
/// event processor they configure: the same processor, on the same settings, whichever command runs it.
/// </summary>
internal sealed class EventHubConsumerArguments
{
    public EventHubConsumerArguments()
    {
        BatchSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > 100_000)
            {
                result.AddError("--batch-size must be between 1 and 100000.");
            }
        });
    }

    public Option<string> EventHub { get; } = new("--event-hub")
    {
        Description = "Event hub to consume (default: the EventHubName setting, or the connection string's EntityPath).",
    };

    public Option<string> ConsumerGroup { get; } = new("--consumer-group")
    {
        Description = "Consumer group (default: the EventHubConsumerGroup setting, else $Default).",
    };

    public Option<int?> BatchSize { get; } = new("--batch-size")
    {
        Description = "Most events per featurizer batch (default: EventHubs__ConsumeBatchSize, 1024).",
    };

    public IEnumerable<Option> All => [EventHub, ConsumerGroup, BatchSize];

    /// <summary>The hub and the processor's options from the settings, the command line taking precedence.</summary>
    /// <exception cref="InvalidOperationException">No connection, or no hub name, is configured.</exception>
    public (EventHubSettings Hub, EventHubsOptions Options) Resolve(ParseResult parseResult, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var hub = EventHubSettings.From(configuration, parseResult.GetValue(EventHub));
        var consumerGroup = parseResult.GetValue(ConsumerGroup);
        if (!string.IsNullOrWhiteSpace(consumerGroup))
        {
            hub = hub with { ConsumerGroup = consumerGroup };
        }

        var options = new EventHubsOptions();
        configuration.GetSection(EventHubsOptions.SectionName).Bind(options);
        if (parseResult.GetValue(BatchSize) is { } size)
        {
            options.ConsumeBatchSize = size;
        }

        return (hub, options);
    }

    /// <summary>The processor on <paramref name="services"/>' featurizer, with its checkpoints on their blob store.</summary>
    public static EventHubIngestionProcessor CreateProcessor(IServiceProvider services, EventHubSettings hub, EventHubsOptions options) =>
        EventHubIngestionProcessor.Create(
            new BlobCheckpointStore(services.GetRequiredService<IBlobStore>()),
            hub,
            options,
            services.GetRequiredService<IEventBatchProcessor>(),
            services.GetRequiredService<ILogger<EventHubIngestionProcessor>>());
}
