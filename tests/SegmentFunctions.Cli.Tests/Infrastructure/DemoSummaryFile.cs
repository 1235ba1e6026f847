using System.Text.Json;
using SegmentFunctions.Cli.Demo;

namespace SegmentFunctions.Cli.Tests.Infrastructure;

/// <summary>Reads the demo's summary.json as the demo wrote it.</summary>
internal static class DemoSummaryFile
{
    public static async Task<DemoSummaryJson> ReadAsync(string outDir)
    {
        var path = Path.Combine(outDir, DemoSummary.JsonFileName);
        Assert.True(File.Exists(path), $"{path} was not written");
        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync(file, DemoJsonContext.Default.DemoSummaryJson)
            ?? throw new InvalidDataException($"{path} is null");
    }
}
