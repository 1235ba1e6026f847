namespace SegmentFunctions.Cli.Demo;

/// <summary>A step of the demo could not complete; the command names the step and exits 1.</summary>
internal sealed class DemoStepException(string message) : Exception(message);
