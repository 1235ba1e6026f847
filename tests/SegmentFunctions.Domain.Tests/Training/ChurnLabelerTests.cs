using SegmentFunctions.Domain.Training;
using static SegmentFunctions.Domain.Tests.Training.FeatureDocuments;

namespace SegmentFunctions.Domain.Tests.Training;

public sealed class ChurnLabelerTests
{
    [Fact]
    public void Churned_means_no_purchase_day_in_the_window_after_the_cutoff()
    {
        var cutoff = T.AddDays(-90);
        var atCutoff = new[]
        {
            Buyer("stays", T.AddDays(-200), (Day(150), 10m)),
            Buyer("leaves", T.AddDays(-200), (Day(120), 10m)),
            Buyer("gone", T.AddDays(-200), (Day(100), 10m)),
            Buyer("edge", T.AddDays(-200), (Day(95), 10m)),
        };
        var atT = new[]
        {
            Buyer("stays", T.AddDays(-200), (Day(150), 10m), (Day(30), 10m)),
            Buyer("leaves", T.AddDays(-200), (Day(120), 10m)),
            // A purchase on the cut-off's own day (starting at the cut-off) is inside (T - H, T]; one on T's day is not.
            Buyer("edge", T.AddDays(-200), (Day(95), 10m), (Day(90), 10m)),
        };
        var table = new TrainingTableBuilder().Build(atCutoff, cutoff);

        var dataset = ChurnLabeler.FromDocuments(table, atT, horizonDays: 90);

        Assert.Equal([false, true, true, false], dataset.Churned);
        Assert.Equal(90, dataset.HorizonDays);
    }

    [Fact]
    public void Known_labels_must_cover_every_customer()
    {
        var table = new TrainingTableBuilder().Build([Buyer("a", T.AddDays(-50)), Buyer("b", T.AddDays(-40))], T);

        var error = Assert.Throws<KeyNotFoundException>(() => ChurnLabeler.FromKnownLabels(table, new Dictionary<string, bool> { ["a"] = true }, 30));

        Assert.Contains("'b'", error.Message);
    }
}
