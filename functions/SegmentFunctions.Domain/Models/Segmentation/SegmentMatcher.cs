namespace SegmentFunctions.Domain.Models.Segmentation;

/// <summary>
/// Gives the segments of a retrained model the ids and names of their counterparts in the previous model, by a
/// minimum-cost one-to-one matching (<see cref="HungarianAlgorithm"/>), so a group of customers keeps its identity
/// across retraining even though mixture components come out in arbitrary order.
/// </summary>
public static class SegmentMatcher
{
    /// <summary>
    /// Matches by Euclidean distance between centroids in standardized space. Pairs further apart than
    /// <paramref name="maxDistance"/>, and new segments left over, get fresh ids (above every previous id).
    /// </summary>
    /// <param name="newCentroids">Row-major newCount x d.</param>
    /// <param name="newAssignments">Optional new segment index per customer, for the flow report.</param>
    /// <param name="previousAssignments">Optional previous segment id per customer (same customers, same order).</param>
    public static SegmentMatchResult MatchByCentroids(
        IReadOnlyList<SegmentIdentity> previous, ReadOnlySpan<double> newCentroids, int newCount,
        ReadOnlySpan<int> newAssignments = default, ReadOnlySpan<int> previousAssignments = default,
        double maxDistance = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(previous);
        if (newCount < 0 || (newCount > 0 && newCentroids.Length % newCount != 0))
        {
            throw new ArgumentException($"{newCentroids.Length} centroid values do not split into {newCount} segments.");
        }

        var d = newCount == 0 ? 0 : newCentroids.Length / newCount;
        var cost = new double[newCount, previous.Count];
        for (var i = 0; i < newCount; i++)
        {
            for (var j = 0; j < previous.Count; j++)
            {
                if (previous[j].Centroid.Count != d)
                {
                    throw new ArgumentException(
                        $"Previous segment {previous[j].Id} has a {previous[j].Centroid.Count}-dimensional centroid; new ones have {d}.");
                }

                var total = 0.0;
                for (var c = 0; c < d; c++)
                {
                    var difference = newCentroids[i * d + c] - previous[j].Centroid[c];
                    total += difference * difference;
                }

                cost[i, j] = Math.Sqrt(total);
            }
        }

        var matched = HungarianAlgorithm.Solve(cost);
        for (var i = 0; i < newCount; i++)
        {
            if (matched[i] >= 0 && cost[i, matched[i]] > maxDistance)
            {
                matched[i] = -1;
            }
        }

        return Build(previous, matched, newAssignments, previousAssignments);
    }

    /// <summary>
    /// Matches by the number of customers two segments share (maximum total overlap), for two assignments of the
    /// same customers. New segments sharing no customer with their match get fresh ids.
    /// </summary>
    public static SegmentMatchResult MatchByOverlap(
        IReadOnlyList<SegmentIdentity> previous, ReadOnlySpan<int> previousAssignments, ReadOnlySpan<int> newAssignments,
        int newCount)
    {
        ArgumentNullException.ThrowIfNull(previous);
        CheckAssignments(newAssignments, previousAssignments, newCount);
        var column = previous.Select((segment, index) => (segment.Id, index)).ToDictionary(p => p.Id, p => p.index);
        var overlap = new double[newCount, previous.Count];
        for (var n = 0; n < newAssignments.Length; n++)
        {
            if (!column.TryGetValue(previousAssignments[n], out var j))
            {
                throw new ArgumentException($"Customer {n} has previous segment id {previousAssignments[n]}, which is not among the previous segments.");
            }

            overlap[newAssignments[n], j]++;
        }

        var cost = new double[newCount, previous.Count];
        for (var i = 0; i < newCount; i++)
        {
            for (var j = 0; j < previous.Count; j++)
            {
                cost[i, j] = -overlap[i, j];
            }
        }

        var matched = HungarianAlgorithm.Solve(cost);
        for (var i = 0; i < newCount; i++)
        {
            if (matched[i] >= 0 && overlap[i, matched[i]] == 0)
            {
                matched[i] = -1;
            }
        }

        return Build(previous, matched, newAssignments, previousAssignments);
    }

    private static SegmentMatchResult Build(
        IReadOnlyList<SegmentIdentity> previous, int[] matched, ReadOnlySpan<int> newAssignments,
        ReadOnlySpan<int> previousAssignments)
    {
        var nextId = previous.Count == 0 ? 0 : previous.Max(s => s.Id) + 1;
        var ids = new int[matched.Length];
        var names = new string?[matched.Length];
        for (var i = 0; i < matched.Length; i++)
        {
            if (matched[i] >= 0)
            {
                ids[i] = previous[matched[i]].Id;
                names[i] = previous[matched[i]].Name;
            }
            else
            {
                ids[i] = nextId++;
            }
        }

        if (newAssignments.IsEmpty || previousAssignments.IsEmpty)
        {
            return new SegmentMatchResult(ids, names, null, null);
        }

        CheckAssignments(newAssignments, previousAssignments, matched.Length);
        var fromIds = previous.Select(s => s.Id).Union(Distinct(previousAssignments)).Order().ToArray();
        var toIds = ids.Order().ToArray();
        var fromIndex = fromIds.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index);
        var toIndex = toIds.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index);
        var counts = fromIds.Select(_ => new int[toIds.Length]).ToArray();
        var changed = 0;
        for (var n = 0; n < newAssignments.Length; n++)
        {
            var to = ids[newAssignments[n]];
            counts[fromIndex[previousAssignments[n]]][toIndex[to]]++;
            if (to != previousAssignments[n])
            {
                changed++;
            }
        }

        var share = newAssignments.Length == 0 ? 0 : (double)changed / newAssignments.Length;
        return new SegmentMatchResult(ids, names, share, new SegmentFlowMatrix(fromIds, toIds, counts));
    }

    private static HashSet<int> Distinct(ReadOnlySpan<int> values)
    {
        var set = new HashSet<int>();
        foreach (var value in values)
        {
            set.Add(value);
        }

        return set;
    }

    private static void CheckAssignments(ReadOnlySpan<int> newAssignments, ReadOnlySpan<int> previousAssignments, int newCount)
    {
        if (newAssignments.Length != previousAssignments.Length)
        {
            throw new ArgumentException(
                $"Assignments cover {previousAssignments.Length} customers before and {newAssignments.Length} after; they must be the same customers.");
        }

        foreach (var segment in newAssignments)
        {
            if ((uint)segment >= (uint)newCount)
            {
                throw new ArgumentException($"New segment index {segment} is outside 0..{newCount - 1}.");
            }
        }
    }
}
