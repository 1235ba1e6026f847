using SegmentFunctions.Application.BatchScoring;
using SegmentFunctions.Application.Serving;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Scoring;

/// <summary>Turns live and batch scores into the one response shape.</summary>
public static class ScoreResponseMapper
{
    public const string Live = "live";
    public const string Batch = "batch";

    /// <summary>Horizons are configured in months; the API states them in days (average Gregorian month).</summary>
    private const double DaysPerMonth = 365.25 / 12;

    public static CustomerScoreResponse FromLive(ServingModel model, CustomerScore score)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(score);
        var segments = model.Bundle.Segments;
        var probabilities = new SegmentProbability[segments.Count];
        for (var k = 0; k < probabilities.Length; k++)
        {
            probabilities[k] = new SegmentProbability(segments[k].Id, score.SegmentProbabilities[k]);
        }

        var horizonDays = MonthsToDays(score.HorizonMonths);
        return new CustomerScoreResponse(
            score.CustomerId,
            model.Version,
            score.AsOf,
            Live,
            new SegmentScore(score.SegmentId, score.SegmentName, score.SegmentProbability, probabilities),
            new ChurnScore(score.ChurnProbability, score.ChurnRiskBand, score.ChurnMethod, score.ChurnHorizonDays, score.ChurnDrivers),
            new Estimate(score.ProbabilityAlive, score.ProbabilityAliveInterval?.Low, score.ProbabilityAliveInterval?.High),
            new HorizonValue(horizonDays, score.ExpectedPurchases, score.ExpectedPurchasesInterval?.Low, score.ExpectedPurchasesInterval?.High),
            new CustomerLifetimeValue(
                horizonDays, score.CustomerLifetimeValue, score.CustomerLifetimeValueInterval?.Low, score.CustomerLifetimeValueInterval?.High, score.Currency));
    }

    public static CustomerScoreResponse FromBatch(string modelVersion, BatchScoreManifest manifest, BatchScoreRecord record)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(record);
        var probabilities = new SegmentProbability[manifest.Segments.Count];
        for (var k = 0; k < probabilities.Length; k++)
        {
            probabilities[k] = new SegmentProbability(manifest.Segments[k].SegmentId, record.SegmentProbabilities[k]);
        }

        var horizonDays = MonthsToDays(manifest.ClvHorizonMonths);
        return new CustomerScoreResponse(
            record.CustomerId,
            modelVersion,
            record.AsOf,
            Batch,
            new SegmentScore(record.SegmentId, record.SegmentName, record.SegmentProbability, probabilities),
            new ChurnScore(record.ChurnProbability, record.ChurnBand, record.ChurnMethod, manifest.ChurnHorizonDays, []),
            new Estimate(record.ProbabilityAlive, record.ProbabilityAliveInterval?.Low, record.ProbabilityAliveInterval?.High),
            new HorizonValue(horizonDays, record.ExpectedPurchases, record.ExpectedPurchasesInterval?.Low, record.ExpectedPurchasesInterval?.High),
            new CustomerLifetimeValue(horizonDays, record.Clv, record.ClvInterval?.Low, record.ClvInterval?.High, manifest.Currency));
    }

    public static int MonthsToDays(int months) => (int)Math.Round(months * DaysPerMonth);
}
