using static SegmentFunctions.Domain.Models.FeatureNames;

namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// Names segments from rules on their profile relative to the population (never from segment order). A rule reads
/// the segment's <see cref="SegmentProfile.Levels"/> (population share below the segment mean) of columns named as in
/// <see cref="FeatureNames"/>; a rule whose columns are absent does not apply. The first matching rule wins. Segments
/// that match the same rule are told apart by the feature whose standardized mean differs most from the others'
/// ("Champions (higher spend)", "Champions (lower spend)"), each distinction used once per rule.
/// </summary>
public static class SegmentNamer
{
    private const double High = 0.6;
    private const double Low = 0.4;

    // Thresholds are population shares below the segment mean. Champions need to stand out clearly on all of R, F
    // and M: on data where most customers bought once, a frequency of 2 already sits above 60% of the population.
    // Behaviour rules (deal seekers, window shoppers, one-time buyers by their low engagement) read the browsing and
    // e-mail columns and so apply only where the shop records them; on purchase-only data (CDNOW) the RFM rules name.
    private static readonly Rule[] Rules =
    [
        new("champions", "Champions", "Reward them: early access, loyalty perks, referral asks; no discounts needed.",
            p => p.Below(RecencyDays, 0.3) && p.Above(Frequency, 0.75) && p.Above(Monetary, 0.75)),
        new("loyal-high-value", "Loyal high spenders", "Retain and upsell: loyalty tier, premium service, personal recommendations.",
            p => p.Above(Frequency, 0.85) && p.Above(Monetary, 0.8) && p.Below(RecencyDays, 0.5)),
        new("deal-seekers", "Deal seekers", "Reach through e-mail promotions and cart reminders; cap discounts to protect margin.",
            p => p.Above(EmailClicksPerOpen, 0.75) && p.Above(CartsPerSession, 0.6)),
        new("window-shoppers", "Window shoppers", "Convert: reminders of viewed items, social proof, free shipping threshold.",
            p => (p.Above(Sessions, High) || p.Above(ViewsPerSession, 0.75)) && (p.Below(CartToPurchase, Low) || p.Below(Frequency, Low))),
        new("one-time", "One-time buyers", "Second-purchase nudge with a modest incentive soon after the first order.",
            p => p.Below(Frequency, Low) && p.Above(RecencyDays, High) && p.Below(SessionsPerYear, Low)),
        new("at-risk-high-value", "At risk, high value", "Win them back now: personal outreach and a tailored offer.",
            p => p.Above(Monetary, 0.65) && p.Above(RecencyDays, 0.5)),
        new("loyal", "Loyal customers", "Upsell and cross-sell; invite to the loyalty programme.",
            p => p.Above(Frequency, 0.7) && p.Below(RecencyDays, 0.5)),
        new("promising-new", "Promising newcomers", "Onboard: welcome series and a second-purchase incentive.",
            p => p.Below(TenureDays, Low) && p.Below(RecencyDays, Low)),
        new("hibernating", "Hibernating", "Low-cost reactivation campaign; suppress from expensive channels if no response.",
            p => p.Above(RecencyDays, High) && p.Below(Frequency, 0.5)),
        new("one-time", "One-time buyers", "Second-purchase nudge with a modest incentive.",
            p => p.Below(Frequency, Low) && p.Below(Monetary, 0.5)),
        new("potential-loyalists", "Potential loyalists", "Nurture: membership offer and personalised recommendations.",
            p => p.Above(Frequency, 0.55) && p.Below(RecencyDays, 0.5)),
    ];

    private static readonly Rule Fallback = new(
        "steady", "Steady customers", "Keep engaged with regular newsletters and recommendations.", _ => true);

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        [RecencyDays] = "recency", [Frequency] = "frequency", [Monetary] = "spend", [Revenue] = "revenue",
        [TenureDays] = "tenure", [Sessions] = "sessions", [CartToPurchase] = "cart conversion", [RefundRate] = "refunds",
        [EmailOpens] = "email opens", [EmailClickRate] = "email clicks", [MeanInterPurchaseDays] = "purchase gap",
        [DecayedActivity(7)] = "last-week activity", [DecayedActivity30] = "recent activity",
        [DecayedActivity(90)] = "quarterly activity", [DecayedSpend(7)] = "last-week spend", [DecayedSpend30] = "recent spend",
        [DecayedSpend(90)] = "quarterly spend", [HasPurchased] = "buyers", [BgNbdTx] = "purchase span", [BgNbdT] = "customer age",
        [SessionsPerYear] = "visit rate", [EmailOpensPerYear] = "email open rate", [CartsPerSession] = "carts per visit",
        [EmailClicksPerOpen] = "email clicks",
        [Orders] = "orders", [ViewsPerSession] = "views per session", [SupportContacts] = "support contacts",
    };

    public static IReadOnlyList<SegmentName> Name(SegmentProfileSet profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var matches = profiles.Segments
            .Select(segment => (segment, rule: segment.Size == 0
                ? new Rule("empty", "Empty segment", "No customers; no action.", _ => true)
                : Rules.FirstOrDefault(r => r.Matches(new View(profiles, segment))) ?? Fallback))
            .ToArray();
        var names = new SegmentName[matches.Length];
        foreach (var group in matches.GroupBy(m => m.rule.Key))
        {
            var members = group.OrderByDescending(m => m.segment.Size).ThenBy(m => m.segment.Segment).ToArray();
            var taken = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < members.Length; i++)
            {
                var (segment, rule) = members[i];
                var label = rule.Name;
                if (members.Length > 1)
                {
                    var distinction = Distinction(profiles, segment, members.Select(m => m.segment), taken);
                    label = distinction is null ? $"{rule.Name} #{i + 1}" : $"{rule.Name} ({distinction})";
                }

                taken.Add(label);
                names[segment.Segment] = new SegmentName(segment.Segment, label, rule.Key, rule.Action);
            }
        }

        return names;
    }

    /// <summary>
    /// "higher X" / "lower X" for the feature on which the segment's standardized mean differs most from its
    /// rule-mates' average, skipping distinctions a larger rule-mate already uses; null when none is left.
    /// </summary>
    private static string? Distinction(
        SegmentProfileSet profiles, SegmentProfile segment, IEnumerable<SegmentProfile> group, HashSet<string> taken)
    {
        var others = group.Where(o => o.Segment != segment.Segment).ToArray();
        return Enumerable.Range(0, profiles.ColumnNames.Count)
            .Select(j => (column: profiles.ColumnNames[j],
                gap: segment.StandardizedMeans[j] - others.Average(o => o.StandardizedMeans[j])))
            .Where(c => c.gap != 0)
            .OrderByDescending(c => Math.Abs(c.gap))
            .Select(c => $"{(c.gap > 0 ? "higher" : "lower")} {Labels.GetValueOrDefault(c.column, c.column)}")
            .FirstOrDefault(d => !taken.Any(t => t.EndsWith($"({d})", StringComparison.Ordinal)));
    }

    private sealed record Rule(string Key, string Name, string Action, Func<View, bool> Matches);

    private readonly record struct View(SegmentProfileSet Profiles, SegmentProfile Segment)
    {
        public bool Above(string column, double level) => Level(column) is { } value && value >= level;

        public bool Below(string column, double level) => Level(column) is { } value && value <= level;

        private double? Level(string column)
        {
            var index = Profiles.IndexOf(column);
            return index < 0 ? null : Segment.Levels[index];
        }
    }
}
