namespace SegmentFunctions.Cli.Demo;

/// <summary>Wall time of one step of the demo.</summary>
internal sealed record DemoStepTime(string Step, double Seconds);
