using System.CommandLine;
using System.Runtime.InteropServices;
using Spectre.Console;

namespace SegmentFunctions.Cli.Commands;

/// <summary>
/// Parses and invokes the command tree. Parse errors (unknown options, missing or invalid values) are reported in one
/// place and exit with <see cref="ExitCodes.Usage"/>, whatever the command.
/// </summary>
/// <remarks>
/// Ctrl+C (SIGINT) and SIGTERM cancel the command's <see cref="CancellationToken"/> instead of ending the process: the
/// command stops taking new work and finishes the unit in hand (a batch being written); one that ends by cancellation
/// exits with <see cref="ExitCodes.Interrupted"/> and a message saying so, one for which stopping is the normal end
/// (`consume`, `serve`) exits as it reports. A second signal ends the process at once, unless the command handles it.
/// </remarks>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(RootCommand root, string[] args, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            }

            console.MarkupLineInterpolated($"Run '{root.Name} {string.Join(' ', args.TakeWhile(a => !a.StartsWith('-')))} --help' for usage.");
            return ExitCodes.Usage;
        }

        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext context)
        {
            if (interrupted.IsCancellationRequested)
            {
                // A second signal: the default action ends the process, unless the command handles it itself.
                return;
            }

            context.Cancel = true;
            interrupted.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            // The runner handles the signals itself: System.CommandLine's own handling would end the process after a
            // timeout, whatever the command is in the middle of.
            return await parseResult.InvokeAsync(
                new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, interrupted.Token);
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Interrupted(console);
        }
        catch (OperationCanceledException)
        {
            return Fail(console, ExitCodes.Failure, "Cancelled.");
        }
        catch (Exception ex)
        {
            // Commands report the failures they expect; anything else still gets one readable line, not a trace.
            return Fail(console, ExitCodes.Failure, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private static int Interrupted(IAnsiConsole console)
    {
        console.MarkupLine("[yellow]Interrupted:[/] stopped after the work in hand; what was written before is kept, and running the command again carries on safely.");
        return ExitCodes.Interrupted;
    }

    /// <summary>A failure the user can act on, without a stack trace.</summary>
    public static int Fail(IAnsiConsole console, int exitCode, string message)
    {
        console.MarkupLineInterpolated($"[red]error:[/] {message}");
        return exitCode;
    }
}
