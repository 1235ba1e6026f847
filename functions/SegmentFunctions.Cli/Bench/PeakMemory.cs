using System.Diagnostics;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// The process's peak working set (<see cref="Process.PeakWorkingSet64"/>, VmHWM on Linux) per measured step. On
/// Linux the high-water mark is reset before each step (writing 5 to /proc/self/clear_refs), so each figure is that
/// step's own peak; elsewhere it is the process's peak so far, which <see cref="CanReset"/> says.
/// </summary>
internal static class PeakMemory
{
    private const string ClearRefs = "/proc/self/clear_refs";

    public static bool CanReset { get; } = OperatingSystem.IsLinux() && File.Exists(ClearRefs);

    /// <summary>Collects garbage left by earlier work and restarts the high-water mark from the current working set.</summary>
    public static void Reset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        if (CanReset)
        {
            try
            {
                File.WriteAllText(ClearRefs, "5");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Some containers forbid it; the figure is then the peak since the process started.
            }
        }
    }

    public static double WorkingSetMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64 / (1024.0 * 1024.0);
    }

    public static double PeakMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
