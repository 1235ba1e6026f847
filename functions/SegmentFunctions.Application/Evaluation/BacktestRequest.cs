using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Transactions;

namespace SegmentFunctions.Application.Evaluation;

/// <summary>
/// A backtest of every model on a transaction file: calibration up to and including <see cref="CalibrationEnd"/>,
/// holdout (calibration end, <see cref="HoldoutEnd"/>]. The holdout length H is also the churn window.
/// </summary>
public sealed record BacktestRequest(
    TransactionFileOptions File,
    DateOnly CalibrationEnd,
    DateOnly HoldoutEnd,
    LifetimeTimeUnit TimeUnit,
    int Seed = 42);
