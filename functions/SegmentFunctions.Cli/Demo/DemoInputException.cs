namespace SegmentFunctions.Cli.Demo;

/// <summary>The demo's input cannot be used as given (e.g. a transaction file shorter than the churn horizon); nothing was run.</summary>
internal sealed class DemoInputException(string message) : Exception(message);
