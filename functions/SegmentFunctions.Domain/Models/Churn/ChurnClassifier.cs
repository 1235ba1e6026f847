using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Models.Lifetime;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Training;

using SegmentFunctions.Domain.Serialization;

namespace SegmentFunctions.Domain.Models.Churn;

/// <summary>
/// A trained churn classifier: calibrated probability of no purchase within <see cref="HorizonDays"/>, its risk
/// band, global importance and per-customer drivers. Immutable and thread-safe: ML.NET prediction engines are not,
/// so single-row calls rent one from a pool; many rows go through one batch transform instead.
/// </summary>
public sealed class ChurnClassifier
{
    internal const int FormatVersion = 1;
    private const string ScoringEntry = "scoring.zip";
    private const string ExplainingEntry = "explaining.zip";
    private const string MetadataEntry = "metadata.json";

    private readonly MLContext _ml;
    private readonly ITransformer _scoring;
    private readonly ITransformer _explaining;
    private readonly DataViewSchema _inputSchema;
    private readonly ChurnModelMetadata _metadata;
    private readonly SchemaDefinition _schemaDefinition;
    private readonly ConcurrentBag<PredictionEngine<ChurnModelInput, ChurnScoreOutput>> _scoringEngines = [];
    private readonly ConcurrentBag<PredictionEngine<ChurnModelInput, ChurnExplainOutput>> _explainingEngines = [];

    internal ChurnClassifier(MLContext ml, ITransformer scoring, ITransformer explaining, DataViewSchema inputSchema, ChurnModelMetadata metadata)
    {
        _ml = ml;
        _scoring = scoring;
        _explaining = explaining;
        _inputSchema = inputSchema;
        _metadata = metadata;
        _schemaDefinition = ChurnModelData.Schema(metadata.FeatureNames.Count);
    }

    /// <summary>Columns a row must hold, in this order (a subset of <see cref="Models.FeatureNames.All"/>).</summary>
    public IReadOnlyList<string> FeatureNames => _metadata.FeatureNames;
    public int HorizonDays => _metadata.HorizonDays;
    public LifetimeTimeUnit TimeUnit => _metadata.TimeUnit;
    /// <summary>Features by descending share of split gain.</summary>
    public IReadOnlyList<FeatureImportance> Importance => _metadata.Importance;

    /// <summary>Churn probability of one row ordered as <see cref="FeatureNames"/>.</summary>
    public double Predict(ReadOnlySpan<double> row)
    {
        var input = ToInput(row);
        var engine = _scoringEngines.TryTake(out var pooled)
            ? pooled
            : _ml.Model.CreatePredictionEngine<ChurnModelInput, ChurnScoreOutput>(_scoring, inputSchemaDefinition: _schemaDefinition);
        try
        {
            return engine.Predict(input).Probability;
        }
        finally
        {
            _scoringEngines.Add(engine);
        }
    }

    /// <summary>Churn probability of a customer from its feature document as of <paramref name="asOf"/>.</summary>
    public double Predict(CustomerFeatures features, DateTimeOffset asOf) => Predict(RowOf(features, asOf));

    public static RiskBand Band(double probability) => RiskBands.FromProbability(probability);

    /// <summary>Probabilities of every row of a table that has at least <see cref="FeatureNames"/>, in one transform.</summary>
    public double[] PredictBatch(TrainingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var selected = table.SelectColumns(FeatureNames);
        var scored = _scoring.Transform(ChurnModelData.Load(_ml, selected, labels: null));
        return [.. scored.GetColumn<float>(nameof(ChurnScoreOutput.Probability)).Select(p => (double)p)];
    }

    /// <summary>The features that push this row's score most toward churn, largest first.</summary>
    public IReadOnlyList<FeatureDriver> Explain(ReadOnlySpan<double> row, int? top = null) => PredictExplained(row, top).Drivers;

    /// <summary>
    /// Churn probability and its drivers in one pass of the explaining model (the scoring model followed by the
    /// feature contributions, so the probability is the one <see cref="Predict(ReadOnlySpan{double})"/> gives): half
    /// the cost of calling both.
    /// </summary>
    public ChurnExplanation PredictExplained(ReadOnlySpan<double> row, int? top = null)
    {
        var input = ToInput(row);
        var engine = _explainingEngines.TryTake(out var pooled)
            ? pooled
            : _ml.Model.CreatePredictionEngine<ChurnModelInput, ChurnExplainOutput>(_explaining, inputSchemaDefinition: _schemaDefinition);
        ChurnExplainOutput output;
        try
        {
            output = engine.Predict(input);
        }
        finally
        {
            _explainingEngines.Add(engine);
        }

        var contributions = output.Contributions;
        var count = Math.Min(top ?? _metadata.TopDrivers, contributions.Length);
        var drivers = new List<FeatureDriver>(count);
        for (var j = 0; j < contributions.Length; j++)
        {
            if (contributions[j] > 0)
            {
                drivers.Add(new FeatureDriver(FeatureNames[j], row[j], contributions[j]));
            }
        }

        drivers.Sort((x, y) => y.Contribution.CompareTo(x.Contribution));
        if (drivers.Count > count)
        {
            drivers.RemoveRange(count, drivers.Count - count);
        }

        return new ChurnExplanation(output.Probability, drivers);
    }

    /// <summary>A customer's row in <see cref="FeatureNames"/> order, featurized as in training.</summary>
    public double[] RowOf(CustomerFeatures features, DateTimeOffset asOf)
    {
        Span<double> full = stackalloc double[TrainingRowFeaturizer.Width];
        Span<bool> imputed = stackalloc bool[TrainingRowFeaturizer.Width];
        TrainingRowFeaturizer.Featurize(features, asOf, TimeUnit, full, imputed);
        var row = new double[FeatureNames.Count];
        for (var j = 0; j < row.Length; j++)
        {
            row[j] = full[ColumnLookup.Index(FeatureNames[j])];
        }

        return row;
    }

    /// <summary>Writes a zip holding the ML.NET models and this classifier's metadata.</summary>
    public async Task SaveAsync(Stream output, CancellationToken cancellationToken)
    {
        await ZipPackage.WriteAsync(output, async zip =>
        {
            WriteModel(zip, ScoringEntry, _scoring);
            WriteModel(zip, ExplainingEntry, _explaining);
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
        var scoring = ReadModel(ml, zip, ScoringEntry, out var schema);
        var explaining = ReadModel(ml, zip, ExplainingEntry, out _);
        return new ChurnClassifier(ml, scoring, explaining, schema, metadata);
    }

    private ChurnModelInput ToInput(ReadOnlySpan<double> row)
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
        }

        return new ChurnModelInput { Features = ChurnModelData.ToSingle(row) };
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
            Models.FeatureNames.All.Select((n, j) => (n, j)).ToDictionary(p => p.n, p => p.j, StringComparer.Ordinal);

        public static int Index(string name) =>
            Indices.TryGetValue(name, out var j) ? j : throw new InvalidDataException($"The model uses unknown column '{name}'.");
    }
}
