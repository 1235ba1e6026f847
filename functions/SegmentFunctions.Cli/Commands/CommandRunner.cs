using System.CommandLine;
using Spectre.Console;

namespace SegmentFunctions.Cli.Commands;

/// <summary>
/// Parses and invokes the command tree. Parse errors (unknown options, missing or invalid values) are reported in one
/// place and exit with <see cref="ExitCodes.Usage"/>, whatever the command.
/// </summary>
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

        try
        {
            return await parseResult.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellationToken);
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

    /// <summary>A failure the user can act on, without a stack trace.</summary>
    public static int Fail(IAnsiConsole console, int exitCode, string message)
    {
        console.MarkupLineInterpolated($"[red]error:[/] {message}");
        return exitCode;
    }
}
