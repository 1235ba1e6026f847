using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Snapshots;
using Spectre.Console;

namespace SegmentFunctions.Cli.Commands;

/// <summary>
/// `segment snapshot`: writes a Parquet snapshot of every feature document of the configured store as of now and
/// prints its id, rows and content hash.
/// </summary>
internal sealed class SnapshotCommand(IServiceProvider services, IAnsiConsole console, TimeProvider time)
{
    /// <summary>Recorded in the manifest as the snapshot's source.</summary>
    public const string Source = "cli";

    public Command Create()
    {
        var command = new Command("snapshot", "Write a snapshot of the feature store now (snapshots/{id}/features.parquet and manifest.json).");
        command.SetAction((_, cancellationToken) => RunAsync(cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = string.Create(CultureInfo.InvariantCulture, $"s{now.UtcDateTime:yyyyMMdd'-'HHmmss'-'fff}-cli");
        SnapshotManifest manifest;
        try
        {
            manifest = await services.GetRequiredService<FeatureSnapshotWriter>().WriteAsync(new SnapshotRequest(id, now, Source), null, cancellationToken);
        }
        catch (SnapshotInProgressException ex)
        {
            return CommandRunner.Fail(console, ExitCodes.Failure, ex.Message);
        }
        catch (StoreUnavailableException ex)
        {
            return CommandRunner.Fail(console, ExitCodes.Failure, $"The store stayed unavailable: {ex.Message}");
        }

        var table = new Table().Title("Snapshot").AddColumn("").AddColumn("").HideHeaders();
        table.AddRow("id", Markup.Escape(manifest.SnapshotId));
        table.AddRow("as of", manifest.AsOf.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        table.AddRow("rows", manifest.RowCount.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("sha256", manifest.ContentSha256);
        table.AddRow("bytes", manifest.ContentLength.ToString("N0", CultureInfo.InvariantCulture));
        console.Write(table);
        return ExitCodes.Success;
    }
}
