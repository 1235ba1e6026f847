namespace SegmentFunctions.Retraining;

/// <summary>What became of a retrain-runs message.</summary>
public enum RetrainRunDisposition
{
    /// <summary>The run is terminal (Completed or Failed): the message is done.</summary>
    Finished,

    /// <summary>Another worker holds the run's lease and is executing it: this message is a duplicate.</summary>
    HeldByAnotherWorker,

    /// <summary>The message names no valid run id.</summary>
    Malformed,

    /// <summary>The run id is well formed but no such run exists.</summary>
    UnknownRun,
}
