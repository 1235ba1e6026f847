using System.Text.Json;

namespace SegmentFunctions.FunctionApp.Tests.Serving;

/// <summary>Checks the <c>{value, low, high}</c> shape of P(alive), expected purchases and CLV in a score response.</summary>
public static class ScoreIntervalAssert
{
    public static void Around(JsonElement estimate)
    {
        var value = estimate.GetProperty("value").GetDouble();
        var low = estimate.GetProperty("low").GetDouble();
        var high = estimate.GetProperty("high").GetDouble();
        Assert.True(low <= value && value <= high, $"Expected low <= value <= high, got {low} <= {value} <= {high}.");
        Assert.True(low < high, $"A bundle with parameter draws gives an interval of some width, got [{low}, {high}].");
    }

    public static void Absent(JsonElement estimate)
    {
        Assert.Equal(JsonValueKind.Number, estimate.GetProperty("value").ValueKind);
        Assert.Equal(JsonValueKind.Null, estimate.GetProperty("low").ValueKind);
        Assert.Equal(JsonValueKind.Null, estimate.GetProperty("high").ValueKind);
    }
}
