using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Serving;

namespace SegmentFunctions.Serving;

/// <summary>
/// Keeps the serving model current: refreshes at start, then every <see cref="ServingOptions.PollInterval"/>. Loading
/// a new bundle happens here, never on a request; requests keep using the model they read until the swap.
/// </summary>
public sealed partial class ServingModelRefresher(
    ServingModelLoader loader, IOptions<ServingOptions> options, TimeProvider clock, ILogger<ServingModelRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        do
        {
            try
            {
                await loader.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // A refresh that fails in an unforeseen way must not stop the polling; the model in memory keeps serving.
                LogRefreshFailed(logger, e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Refreshing the serving model failed; retrying at the next poll")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
