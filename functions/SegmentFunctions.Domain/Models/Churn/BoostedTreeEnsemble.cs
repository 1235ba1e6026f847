using Microsoft.ML.Trainers.FastTree;

namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>
/// A trained FastTree ensemble flattened into one array of split nodes and one of leaf values, walked without
/// ML.NET: the raw score is the sum of the trees' leaf values (Friedman, 2001), and the per-feature contributions
/// are ML.NET's FeatureContributionCalculation for tree ensembles. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// A row goes left at a node when its value is less than or equal to the threshold. NaN is never "less than or
/// equal", so it goes right: FastTree-trained trees keep no default value for missing features, unlike trees
/// converted from LightGBM. Values are compared as <see cref="float"/>s, as ML.NET does.
/// </remarks>
internal sealed class BoostedTreeEnsemble
{
    private readonly SplitNode[] _nodes;
    private readonly double[] _leafValues;
    private readonly int[] _roots;

    private BoostedTreeEnsemble(SplitNode[] nodes, double[] leafValues, int[] roots, int featureCount)
    {
        _nodes = nodes;
        _leafValues = leafValues;
        _roots = roots;
        FeatureCount = featureCount;
    }

    /// <summary>Length of the feature vector the trees were trained on.</summary>
    public int FeatureCount { get; }

    /// <summary>Trees with at least one split; a tree without one adds nothing to the score or the contributions.</summary>
    public int TreeCount => _roots.Length;

    /// <exception cref="InvalidDataException">The ensemble uses categorical splits, tree weights other than 1, a
    /// bias, or features beyond <paramref name="featureCount"/>: nothing FastTree's binary trainer produces here.</exception>
    public static BoostedTreeEnsemble From(FastTreeBinaryModelParameters model, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(model);
        var ensemble = model.TrainedTreeEnsemble;
        if (ensemble.Bias != 0)
        {
            throw new InvalidDataException($"The tree ensemble has a bias of {ensemble.Bias}; FastTree's raw score has none.");
        }

        var nodes = new List<SplitNode>();
        var leafValues = new List<double>();
        var roots = new List<int>();
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            if (ensemble.TreeWeights[t] != 1)
            {
                throw new InvalidDataException($"Tree {t} has weight {ensemble.TreeWeights[t]}; FastTree sums its trees with weight 1.");
            }

            // ML.NET marks a tree without a root split by a left child 0 and scores it 0.
            if (tree.NumberOfNodes == 0 || tree.LeftChild[0] == 0)
            {
                continue;
            }

            var nodeOffset = nodes.Count;
            var leafOffset = leafValues.Count;
            roots.Add(nodeOffset);
            for (var n = 0; n < tree.NumberOfNodes; n++)
            {
                if (tree.CategoricalSplitFlags[n])
                {
                    throw new InvalidDataException($"Node {n} of tree {t} splits on categories, which the churn model does not use.");
                }

                var feature = tree.NumericalSplitFeatureIndexes[n];
                if (feature < 0 || feature >= featureCount)
                {
                    throw new InvalidDataException($"Node {n} of tree {t} splits on feature {feature}; the model has {featureCount}.");
                }

                nodes.Add(new SplitNode(
                    feature,
                    tree.NumericalSplitThresholds[n],
                    Offset(tree.LeftChild[n], nodeOffset, leafOffset),
                    Offset(tree.RightChild[n], nodeOffset, leafOffset)));
            }

            leafValues.AddRange(tree.LeafValues);
        }

        return new BoostedTreeEnsemble([.. nodes], [.. leafValues], [.. roots], featureCount);
    }

    /// <summary>The ensemble's raw score: the sum of the trees' leaf values, in double, rounded to float as ML.NET does.</summary>
    public float RawScore(ReadOnlySpan<float> features)
    {
        CheckLength(features.Length);
        var score = 0.0;
        foreach (var root in _roots)
        {
            score += _leafValues[Leaf(features, root)];
        }

        return (float)score;
    }

    /// <summary>
    /// Writes each feature's contribution to the raw score. Per tree, every split on the path of the row adds to its
    /// feature the row's leaf value minus the leaf value the row would reach had it gone the other way at that split
    /// (and the usual way below it); contributions sum over trees in float (ML.NET's
    /// <c>InternalRegressionTree.AppendFeatureContributions</c>, unnormalized, every feature kept).
    /// </summary>
    /// <returns>The raw score, as <see cref="RawScore"/>.</returns>
    public float Contributions(ReadOnlySpan<float> features, Span<float> contributions)
    {
        CheckLength(features.Length);
        if (contributions.Length != FeatureCount)
        {
            throw new ArgumentException($"Contributions need {FeatureCount} slots, got {contributions.Length}.", nameof(contributions));
        }

        contributions.Clear();
        var nodes = _nodes;
        var leafValues = _leafValues;
        var score = 0.0;
        foreach (var root in _roots)
        {
            var output = leafValues[Leaf(features, root)];
            score += output;
            var node = root;
            while (node >= 0)
            {
                var split = nodes[node];
                int otherWay;
                if (features[split.Feature] <= split.Threshold)
                {
                    otherWay = split.Right;
                    node = split.Left;
                }
                else
                {
                    otherWay = split.Left;
                    node = split.Right;
                }

                contributions[split.Feature] += (float)(output - leafValues[Leaf(features, otherWay)]);
            }
        }

        return (float)score;
    }

    private int Leaf(ReadOnlySpan<float> features, int node)
    {
        var nodes = _nodes;
        while (node >= 0)
        {
            var split = nodes[node];
            node = features[split.Feature] <= split.Threshold ? split.Left : split.Right;
        }

        return ~node;
    }

    private void CheckLength(int length)
    {
        if (length != FeatureCount)
        {
            throw new ArgumentException($"The trees need {FeatureCount} features, got {length}.", "features");
        }
    }

    // Children are node indices when >= 0 and one's complements of leaf indices when < 0, as in ML.NET; shifted
    // here from the tree's own numbering to the flat arrays.
    private static int Offset(int child, int nodeOffset, int leafOffset) =>
        child >= 0 ? child + nodeOffset : ~(~child + leafOffset);

    private readonly record struct SplitNode(int Feature, float Threshold, int Left, int Right);
}
