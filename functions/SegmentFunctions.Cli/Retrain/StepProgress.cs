using SegmentFunctions.Application.Retraining;
using Spectre.Console;

namespace SegmentFunctions.Cli.Retrain;

/// <summary>
/// One progress bar per step of a retraining run, fed from the run's custom status: a step's bar fills when the run
/// reports the next step. The run's progress is one number over all steps, so each bar shows its step as done or not.
/// </summary>
internal sealed class StepProgress(ProgressContext context) : IProgress<RetrainProgress>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private ProgressTask? _current;

    public void Report(RetrainProgress value)
    {
        lock (_gate)
        {
            if (value.Step == RetrainSteps.Done)
            {
                Finish();
                return;
            }

            Move(value.Step);
        }
    }

    /// <summary>Fills the last bar once the run is over.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (_current is not null)
            {
                _current.IsIndeterminate = false;
                _current.Value = _current.MaxValue;
            }
        }
    }

    private ProgressTask Move(string step)
    {
        if (_tasks.TryGetValue(step, out var task))
        {
            return task;
        }

        Finish();
        task = context.AddTask(Describe(step), maxValue: 1);
        task.IsIndeterminate = true;
        _tasks[step] = task;
        _current = task;
        return task;
    }

    private static string Describe(string step) => step switch
    {
        RetrainSteps.Snapshot => "Snapshot of the features at T, cut-off snapshot, champion",
        RetrainSteps.Readiness => "Readiness check",
        RetrainSteps.Fit => "Fitting segmentation, BG/NBD + Gamma-Gamma and churn classifier",
        RetrainSteps.Assemble => "Assembling the challenger",
        RetrainSteps.Evaluate => "Evaluating challenger against champion",
        RetrainSteps.Publish => "Publishing and promoting",
        RetrainSteps.BatchScore => "Batch scoring every customer",
        _ => step,
    };
}
