using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Lifetime;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Training;

using SegmentFunctions.Domain.Serialization;

namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>
/// A trained churn classifier: calibrated probability of no purchase within <see cref="HorizonDays"/>, its risk
/// band, global importance and per-customer drivers. ML.NET trains it; scoring walks the FastTree ensemble flattened
/// once at train or load time (<see cref="BoostedTreeEnsemble"/>) and applies the trainer's Platt calibration, so a
/// score allocates only its result. Immutable and thread-safe.
/// </summary>
public sealed class ChurnClassifier
{
    internal const int FormatVersion = 1;
    private const string ScoringEntry = "scoring.zip";
    private const string MetadataEntry = "metadata.json";

    private readonly MLContext _ml;
    private readonly BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> _scoring;
    private readonly DataViewSchema _inputSchema;
    private readonly ChurnModelMetadata _metadata;
    private readonly BoostedTreeEnsemble _ensemble;
    private readonly PlattScaling _calibration;
    private readonly int[] _featureColumns;

    internal ChurnClassifier(
        MLContext ml,
        BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> scoring,
        DataViewSchema inputSchema,
        ChurnModelMetadata metadata)
    {
        _ml = ml;
        _scoring = scoring;
        _inputSchema = inputSchema;
        _metadata = metadata;
        _ensemble = BoostedTreeEnsemble.From(scoring.Model.SubModel, metadata.FeatureNames.Count);
        _calibration = new PlattScaling(scoring.Model.Calibrator.Slope, scoring.Model.Calibrator.Offset);
        _featureColumns = [.. metadata.FeatureNames.Select(ColumnLookup.Index)];
        UsesLifetime = _featureColumns.Any(j => j < 0);
    }

    /// <summary>
    /// Columns a row must hold, in this order: feature columns (<see cref="Models.FeatureNames.All"/>) and, for a
    /// classifier trained with the lifetime model's view, <see cref="Models.FeatureNames.Lifetime"/>.
    /// </summary>
    public IReadOnlyList<string> FeatureNames => _metadata.FeatureNames;
    public int HorizonDays => _metadata.HorizonDays;
    public LifetimeTimeUnit TimeUnit => _metadata.TimeUnit;
    /// <summary>Features by descending share of split gain.</summary>
    public IReadOnlyList<FeatureImportance> Importance => _metadata.Importance;

    /// <summary>The ML.NET model the classifier was trained as: the reference its scores are tested against.</summary>
    internal BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> MlNetModel => _scoring;

    /// <summary>Churn probability of one row ordered as <see cref="FeatureNames"/>.</summary>
    public double Predict(ReadOnlySpan<double> row)
    {
        Span<float> features = stackalloc float[FeatureNames.Count];
        ToFeatures(row, features);
        return _calibration.Probability(_ensemble.RawScore(features));
    }

    /// <summary>Churn probability of a customer from its feature document as of <paramref name="asOf"/>.</summary>
    public double Predict(CustomerFeatures features, DateTimeOffset asOf) => Predict(RowOf(features, asOf));

    public static RiskBand Band(double probability) => RiskBands.FromProbability(probability);

    /// <summary>Probabilities of every row of a table that has at least <see cref="FeatureNames"/>.</summary>
    public double[] PredictBatch(TrainingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return PredictSelected(table.SelectColumns(FeatureNames));
    }

    /// <summary>
    /// Probabilities of every row of a table of feature columns; the <see cref="Models.FeatureNames.Lifetime"/> columns
    /// the classifier uses are computed from <paramref name="lifetime"/>, the BG/NBD model fitted as of the table's time.
    /// </summary>
    public double[] PredictBatch(TrainingTable table, BgNbdModel lifetime)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(lifetime);
        var complete = UsesLifetime && !table.HasColumn(Models.FeatureNames.LifetimeExpectedPurchases)
            ? LifetimeFeatures.Append(table, lifetime, HorizonDays)
            : table;
        return PredictSelected(complete.SelectColumns(FeatureNames));
    }

    /// <summary>Whether the classifier reads <see cref="Models.FeatureNames.Lifetime"/> columns, which a scorer computes from the bundle's BG/NBD.</summary>
    public bool UsesLifetime { get; }

    private double[] PredictSelected(TrainingTable selected)
    {
        var probabilities = new double[selected.RowCount];
        for (var i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] = Predict(selected.Row(i));
        }

        return probabilities;
    }

    /// <summary>The features that push this row's score most toward churn, largest first.</summary>
    public IReadOnlyList<FeatureDriver> Explain(ReadOnlySpan<double> row, int? top = null) => PredictExplained(row, top).Drivers;

    /// <summary>
    /// Churn probability and its drivers from one walk of the trees: the features with the largest positive
    /// contributions to the raw score (<see cref="BoostedTreeEnsemble.Contributions"/>), largest first, ties to the
    /// earlier feature; at most <paramref name="top"/>, by default the number set at training.
    /// </summary>
    public ChurnExplanation PredictExplained(ReadOnlySpan<double> row, int? top = null)
    {
        var probability = PredictExplained(row, top ?? _metadata.TopDrivers, out var drivers);
        return new ChurnExplanation(probability, drivers);
    }

    /// <summary><see cref="PredictExplained(ReadOnlySpan{double}, int?)"/> without the result object, for the scorer.</summary>
    internal double PredictExplained(ReadOnlySpan<double> row, int top, out FeatureDriver[] drivers)
    {
        var count = FeatureNames.Count;
        Span<float> features = stackalloc float[count];
        ToFeatures(row, features);
        Span<float> contributions = stackalloc float[count];
        var probability = _calibration.Probability(_ensemble.Contributions(features, contributions));
        drivers = Drivers(row, contributions, Math.Min(top, count));
        return probability;
    }

    /// <summary>The number of drivers <see cref="PredictExplained(ReadOnlySpan{double}, int?)"/> reports by default.</summary>
    internal int TopDrivers => _metadata.TopDrivers;

    private FeatureDriver[] Drivers(ReadOnlySpan<double> row, Span<float> contributions, int top)
    {
        // Selection of the k largest positive contributions, k small: each pass takes the largest positive one left and
        // negates it, so later passes skip it.
        Span<int> chosen = stackalloc int[Math.Max(top, 0)];
        var found = 0;
        while (found < chosen.Length)
        {
            var best = -1;
            for (var j = 0; j < contributions.Length; j++)
            {
                if (contributions[j] > 0 && (best < 0 || contributions[j] > contributions[best]))
                {
                    best = j;
                }
            }

            if (best < 0)
            {
                break;
            }

            chosen[found++] = best;
            contributions[best] = -contributions[best];
        }

        if (found == 0)
        {
            return [];
        }

        var drivers = new FeatureDriver[found];
        for (var d = 0; d < found; d++)
        {
            var j = chosen[d];
            drivers[d] = new FeatureDriver(FeatureNames[j], row[j], -contributions[j]);
        }

        return drivers;
    }

    /// <summary>A customer's row in <see cref="FeatureNames"/> order, featurized as in training.</summary>
    /// <exception cref="InvalidOperationException">The classifier uses lifetime columns, which need the BG/NBD model: score through <see cref="Scoring.CustomerScorer"/>.</exception>
    public double[] RowOf(CustomerFeatures features, DateTimeOffset asOf)
    {
        if (UsesLifetime)
        {
            throw new InvalidOperationException("This classifier uses BG/NBD's expected purchases and P(alive); score it with the bundle's lifetime model (CustomerScorer).");
        }

        Span<double> full = stackalloc double[TrainingRowFeaturizer.Width];
        Span<bool> imputed = stackalloc bool[TrainingRowFeaturizer.Width];
        TrainingRowFeaturizer.Featurize(features, asOf, TimeUnit, full, imputed);
        var row = new double[_featureColumns.Length];
        for (var j = 0; j < row.Length; j++)
        {
            row[j] = full[_featureColumns[j]];
        }

        return row;
    }

    /// <summary>Writes a zip holding the ML.NET models and this classifier's metadata.</summary>
    public async Task SaveAsync(Stream output, CancellationToken cancellationToken)
    {
        await ZipPackage.WriteAsync(output, async zip =>
        {
            WriteModel(zip, ScoringEntry, _scoring);
            await using var metadata = zip.CreateEntry(MetadataEntry).Open();
            await JsonSerializer.SerializeAsync(metadata, _metadata, ChurnModelJsonContext.Default.ChurnModelMetadata, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <exception cref="InvalidDataException">The stream is not a churn model of a known format.</exception>
    public static Task<ChurnClassifier> LoadAsync(Stream input, CancellationToken cancellationToken) =>
        ZipPackage.ReadAsync(
            input,
            ReadAsync,
            e => e is JsonException or InvalidOperationException or FormatException,
            e => new InvalidDataException($"The stream is not a valid churn model: {e.Message}", e),
            e => new InvalidDataException($"The stream is not a valid churn model: {e.Message}", e),
            cancellationToken);

    private static async Task<ChurnClassifier> ReadAsync(ZipArchive zip, CancellationToken cancellationToken)
    {
        ChurnModelMetadata? metadata;
        await using (var stream = Entry(zip, MetadataEntry).Open())
        {
            metadata = await JsonSerializer.DeserializeAsync(stream, ChurnModelJsonContext.Default.ChurnModelMetadata, cancellationToken).ConfigureAwait(false);
        }

        if (metadata is null || metadata.FormatVersion != FormatVersion)
        {
            throw new InvalidDataException($"Unsupported churn model format {metadata?.FormatVersion}; expected {FormatVersion}.");
        }

        var ml = new MLContext();
        var scoring = ReadModel(ml, zip, ScoringEntry, out var schema)
            as BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>>
            ?? throw new InvalidDataException("The churn model's scoring entry is not a Platt-calibrated FastTree binary classifier.");
        return new ChurnClassifier(ml, scoring, schema, metadata);
    }

    private void ToFeatures(ReadOnlySpan<double> row, Span<float> features)
    {
        if (row.Length != FeatureNames.Count)
        {
            throw new ArgumentException($"A row needs {FeatureNames.Count} values ({string.Join(", ", FeatureNames)}), got {row.Length}.", nameof(row));
        }

        for (var j = 0; j < row.Length; j++)
        {
            if (!double.IsFinite(row[j]))
            {
                throw new NonFiniteFeatureException("(row)", FeatureNames[j], row[j]);
            }

            features[j] = (float)row[j];
        }
    }

    private void WriteModel(ZipArchive zip, string name, ITransformer model)
    {
        using var modelBytes = new MemoryStream();
        _ml.Model.Save(model, _inputSchema, modelBytes);
        using var entry = zip.CreateEntry(name).Open();
        modelBytes.Position = 0;
        modelBytes.CopyTo(entry);
    }

    private static ITransformer ReadModel(MLContext ml, ZipArchive zip, string name, out DataViewSchema schema)
    {
        using var modelBytes = new MemoryStream();
        using (var entry = Entry(zip, name).Open())
        {
            entry.CopyTo(modelBytes);
        }

        modelBytes.Position = 0;
        return ml.Model.Load(modelBytes, out schema);
    }

    private static ZipArchiveEntry Entry(ZipArchive zip, string name) =>
        zip.GetEntry(name) ?? throw new InvalidDataException($"The churn model has no '{name}' entry.");

    private static class ColumnLookup
    {
        private static readonly Dictionary<string, int> Indices =
            Models.FeatureNames.All.Select((n, j) => (n, j))
                .Concat(Models.FeatureNames.Lifetime.Select((n, k) => (n, j: -1 - k)))
                .ToDictionary(p => p.n, p => p.j, StringComparer.Ordinal);

        /// <summary>The column's index in <see cref="Models.FeatureNames.All"/>, or -1 - k for lifetime column k.</summary>
        public static int Index(string name) =>
            Indices.TryGetValue(name, out var j) ? j : throw new InvalidDataException($"The model uses unknown column '{name}'.");
    }
}
