namespace SegmentFunctions.Domain.Models.Lifetime;

/// <summary>Compares a fitted BG/NBD model's holdout predictions with what the customers of a summary actually did.</summary>
public static class HoldoutEvaluator
{
    public static HoldoutComparison Compare(BgNbdModel model, RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.TimeUnit != model.TimeUnit)
        {
            throw new ArgumentException(
                $"The summary is in {summary.TimeUnit}s but the model was fitted in {model.TimeUnit}s.", nameof(summary));
        }

        var length = summary.HoldoutLength;
        var customers = new CustomerHoldout[summary.Customers.Count];
        var actual = 0;
        var predicted = 0.0;
        var absoluteError = 0.0;
        for (var i = 0; i < customers.Length; i++)
        {
            var c = summary.Customers[i];
            var expected = model.ExpectedPurchases(length, c);
            customers[i] = new CustomerHoldout(c.CustomerId, c.Frequency, c.HoldoutPurchases, expected);
            actual += c.HoldoutPurchases;
            predicted += expected;
            absoluteError += Math.Abs(c.HoldoutPurchases - expected);
        }

        var byFrequency = customers
            .GroupBy(c => c.Frequency)
            .OrderBy(g => g.Key)
            .Select(g => new HoldoutByFrequency(
                g.Key, g.Count(), g.Average(c => c.ActualPurchases), g.Average(c => c.PredictedPurchases)))
            .ToList();
        return new HoldoutComparison(
            length,
            actual,
            predicted,
            customers.Length == 0 ? 0.0 : absoluteError / customers.Length,
            customers,
            byFrequency);
    }
}
