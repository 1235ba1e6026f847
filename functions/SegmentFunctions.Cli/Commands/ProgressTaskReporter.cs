using Spectre.Console;

namespace SegmentFunctions.Cli.Commands;

/// <summary>Moves a progress bar from <see cref="IProgress{T}"/> reports; Spectre's task is safe to update from any thread.</summary>
internal sealed class ProgressTaskReporter(ProgressTask task) : IProgress<long>
{
    public void Report(long value) => task.Value = value;
}
