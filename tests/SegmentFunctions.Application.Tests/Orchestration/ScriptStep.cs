using System.Text.Json;

namespace SegmentFunctions.Application.Tests.Orchestration;

public sealed record ScriptStep(string Activity, JsonElement Input)
{
    public static ScriptStep Of<T>(string activity, T input) => new(activity, JsonSerializer.SerializeToElement(input));
}
