using System.CommandLine;
using Spectre.Console;

namespace SegmentFunctions.Cli.Commands;

/// <summary>
/// The <c>--file</c> of the commands that read a JSON-lines file of events (`ingest`, `send`), and its opening: a
/// folder or an unreadable file is a usage error (exit 2) with the path and the reason.
/// </summary>
internal static class EventsFileOption
{
    public static Option<FileInfo> Create() => new("--file", "-f")
    {
        Description = "JSON lines file, one event (contract v1) per line; blank lines are skipped.",
        Required = true,
    };

    /// <summary>Opens <paramref name="file"/> for sequential reading, or reports why it cannot and returns null.</summary>
    public static FileStream? TryOpen(FileInfo file, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (Directory.Exists(file.FullName))
        {
            CommandRunner.Fail(console, ExitCodes.Usage, $"The events file '{file.FullName}' is a directory; give a JSON-lines file.");
            return null;
        }

        try
        {
            return new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, useAsync: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            CommandRunner.Fail(console, ExitCodes.Usage, Unreadable(file, ex));
            return null;
        }
    }

    /// <summary>The message of a file that could not be read, at opening or while reading.</summary>
    public static string Unreadable(FileInfo file, Exception exception) => $"Cannot read the events file '{file.FullName}': {exception.Message}";
}
