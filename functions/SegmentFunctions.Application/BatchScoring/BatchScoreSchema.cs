using System.Globalization;
using Parquet;
using Parquet.Schema;
using SegmentFunctions.Domain.Models.Churn;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.BatchScoring;

/// <summary>
/// Columns of scores.parquet and of the per-segment audience files of one version. Segment probabilities are one
/// column per segment, <c>segmentProbability_{segmentId}</c> in the bundle's component order, rather than a list
/// column: flat doubles are what analytics tools (DuckDB, Spark, pandas) filter and aggregate on directly, and a
/// version's segments are fixed. churnBand is "low", "medium" or "high"; churnMethod is "classifier" or
/// "expectedPurchases" (the BG/NBD fallback). pAliveLow/High, expectedPurchasesLow/High and clvLow/High are the 80%
/// intervals from the lifetime models' parameter uncertainty, null where the bundle has none; files written before
/// them lack the columns and read as null. asOf is the snapshot time, the same for every row.
/// </summary>
internal sealed class BatchScoreSchema
{
    public const string ClassifierMethod = "classifier";
    public const string ExpectedPurchasesMethod = "expectedPurchases";

    private static readonly string[] Bands = ["low", "medium", "high"];

    public static readonly DataField<string> CustomerId = new("customerId", nullable: false);
    public static readonly DataField<int> SegmentId = new("segmentId", nullable: false);
    public static readonly DataField<string> SegmentName = new("segmentName", nullable: false);
    public static readonly DataField<double> SegmentProbability = new("segmentProbability", nullable: false);
    public static readonly DataField<double> ChurnProbability = new("churnProbability", nullable: false);
    public static readonly DataField<string> ChurnBand = new("churnBand", nullable: false);
    public static readonly DataField<string> ChurnMethodField = new("churnMethod", nullable: false);
    public static readonly DataField<double> ProbabilityAlive = new("pAlive", nullable: false);
    public static readonly DataField<double> ExpectedPurchases = new("expectedPurchases", nullable: false);
    public static readonly DataField<double?> Clv = new("clv", nullable: true);
    public static readonly DataField<double?> ProbabilityAliveLow = new("pAliveLow", nullable: true);
    public static readonly DataField<double?> ProbabilityAliveHigh = new("pAliveHigh", nullable: true);
    public static readonly DataField<double?> ExpectedPurchasesLow = new("expectedPurchasesLow", nullable: true);
    public static readonly DataField<double?> ExpectedPurchasesHigh = new("expectedPurchasesHigh", nullable: true);
    public static readonly DataField<double?> ClvLow = new("clvLow", nullable: true);
    public static readonly DataField<double?> ClvHigh = new("clvHigh", nullable: true);
    public static readonly DateTimeDataField AsOf =
        new("asOf", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);

    private readonly IReadOnlyList<DataField<double>> _probabilities;

    public BatchScoreSchema(IReadOnlyList<int> segmentIds)
    {
        SegmentIds = segmentIds;
        _probabilities = [.. segmentIds.Select(id => new DataField<double>(ProbabilityColumn(id), nullable: false))];
        Schema = new ParquetSchema(
        [
            CustomerId, SegmentId, SegmentName, SegmentProbability, .. _probabilities, ChurnProbability, ChurnBand,
            ChurnMethodField, ProbabilityAlive, ExpectedPurchases, Clv, ProbabilityAliveLow, ProbabilityAliveHigh,
            ExpectedPurchasesLow, ExpectedPurchasesHigh, ClvLow, ClvHigh, AsOf,
        ]);
    }

    /// <summary>The segment ids whose probability columns follow segmentProbability, in order.</summary>
    public IReadOnlyList<int> SegmentIds { get; }

    public ParquetSchema Schema { get; }

    public static string ProbabilityColumn(int segmentId) =>
        string.Create(CultureInfo.InvariantCulture, $"segmentProbability_{segmentId}");

    public static string BandName(RiskBand band) => Bands[(int)band];

    public static string MethodName(ChurnMethod method) =>
        method == ChurnMethod.Classifier ? ClassifierMethod : ExpectedPurchasesMethod;

    /// <summary>Writes one row group, columns in schema order (Parquet requires it).</summary>
    public async Task WriteRowGroupAsync(ParquetWriter writer, ReadOnlyMemory<BatchScoreRecord> rows, CancellationToken cancellationToken)
    {
        var n = rows.Length;
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(CustomerId, Column(rows, r => r.CustomerId));
        await group.WriteAsync<int>(SegmentId, Column(rows, r => r.SegmentId), cancellationToken: cancellationToken);
        await group.WriteAsync(SegmentName, Column(rows, r => r.SegmentName));
        await group.WriteAsync<double>(SegmentProbability, Column(rows, r => r.SegmentProbability), cancellationToken: cancellationToken);
        var values = new double[n];
        for (var k = 0; k < _probabilities.Count; k++)
        {
            var span = rows.Span;
            for (var i = 0; i < n; i++)
            {
                values[i] = span[i].SegmentProbabilities[k];
            }

            await group.WriteAsync<double>(_probabilities[k], values, cancellationToken: cancellationToken);
        }

        await group.WriteAsync<double>(ChurnProbability, Column(rows, r => r.ChurnProbability), cancellationToken: cancellationToken);
        await group.WriteAsync(ChurnBand, Column(rows, r => BandName(r.ChurnBand)));
        await group.WriteAsync(ChurnMethodField, Column(rows, r => MethodName(r.ChurnMethod)));
        await group.WriteAsync<double>(ProbabilityAlive, Column(rows, r => r.ProbabilityAlive), cancellationToken: cancellationToken);
        await group.WriteAsync<double>(ExpectedPurchases, Column(rows, r => r.ExpectedPurchases), cancellationToken: cancellationToken);
        await group.WriteAsync<double>(Clv, Column(rows, r => r.Clv), cancellationToken: cancellationToken);
        await group.WriteAsync<double>(ProbabilityAliveLow, Column(rows, r => r.ProbabilityAliveInterval?.Low), cancellationToken: cancellationToken);
        await group.WriteAsync<double>(ProbabilityAliveHigh, Column(rows, r => r.ProbabilityAliveInterval?.High), cancellationToken: cancellationToken);
        await group.WriteAsync<double>(ExpectedPurchasesLow, Column(rows, r => r.ExpectedPurchasesInterval?.Low), cancellationToken: cancellationToken);
        await group.WriteAsync<double>(ExpectedPurchasesHigh, Column(rows, r => r.ExpectedPurchasesInterval?.High), cancellationToken: cancellationToken);
        await group.WriteAsync<double>(ClvLow, Column(rows, r => r.ClvInterval?.Low), cancellationToken: cancellationToken);
        await group.WriteAsync<double>(ClvHigh, Column(rows, r => r.ClvInterval?.High), cancellationToken: cancellationToken);
        await group.WriteAsync<DateTime>(AsOf, Column(rows, r => r.AsOf.UtcDateTime), cancellationToken: cancellationToken);
        group.CompleteValidate();
    }

    /// <summary>
    /// Reads one row group back. Segment names and the as-of time come from the manifest (they are constant per
    /// segment and per version), so every record shares those strings and the exact as-of time.
    /// </summary>
    /// <exception cref="FormatException">A band or method value is not one this code writes.</exception>
    public async Task<BatchScoreRecord[]> ReadRowGroupAsync(
        ParquetReader reader, int index, IReadOnlyDictionary<int, string> segmentNames, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        using var group = reader.OpenRowGroupReader(index);
        var n = checked((int)group.RowCount);
        var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
        var ids = new string?[n];
        var segments = new int[n];
        var segmentProbability = new double[n];
        var churn = new double[n];
        var bands = new string?[n];
        var methods = new string?[n];
        var alive = new double[n];
        var expected = new double[n];
        var clv = new double?[n];
        await group.ReadAsync(Field(fields, CustomerId), ids.AsMemory(), cancellationToken: cancellationToken);
        await group.ReadAsync(Field(fields, SegmentId), segments.AsMemory(), cancellationToken: cancellationToken);
        await group.ReadAsync(Field(fields, SegmentProbability), segmentProbability.AsMemory(), cancellationToken: cancellationToken);
        var probabilities = new double[_probabilities.Count][];
        for (var k = 0; k < probabilities.Length; k++)
        {
            probabilities[k] = new double[n];
            await group.ReadAsync(Field(fields, _probabilities[k]), probabilities[k].AsMemory(), cancellationToken: cancellationToken);
        }

        await group.ReadAsync(Field(fields, ChurnProbability), churn.AsMemory(), cancellationToken: cancellationToken);
        await group.ReadAsync(Field(fields, ChurnBand), bands.AsMemory(), cancellationToken: cancellationToken);
        await group.ReadAsync(Field(fields, ChurnMethodField), methods.AsMemory(), cancellationToken: cancellationToken);
        await group.ReadAsync(Field(fields, ProbabilityAlive), alive.AsMemory(), cancellationToken: cancellationToken);
        await group.ReadAsync(Field(fields, ExpectedPurchases), expected.AsMemory(), cancellationToken: cancellationToken);
        await group.ReadAsync(Field(fields, Clv), clv.AsMemory(), cancellationToken: cancellationToken);
        var aliveIntervals = await ReadIntervalsAsync(group, fields, ProbabilityAliveLow, ProbabilityAliveHigh, n, cancellationToken);
        var expectedIntervals = await ReadIntervalsAsync(group, fields, ExpectedPurchasesLow, ExpectedPurchasesHigh, n, cancellationToken);
        var clvIntervals = await ReadIntervalsAsync(group, fields, ClvLow, ClvHigh, n, cancellationToken);

        var records = new BatchScoreRecord[n];
        for (var i = 0; i < n; i++)
        {
            var row = new double[probabilities.Length];
            for (var k = 0; k < row.Length; k++)
            {
                row[k] = probabilities[k][i];
            }

            records[i] = new BatchScoreRecord(
                ids[i] ?? throw new FormatException($"Row {i} has no customer id."),
                segments[i],
                segmentNames.TryGetValue(segments[i], out var name) ? name : throw new FormatException($"Row {i} has segment {segments[i]}, which the manifest does not list."),
                segmentProbability[i],
                row,
                churn[i],
                ParseBand(bands[i]),
                ParseMethod(methods[i]),
                alive[i],
                expected[i],
                clv[i],
                asOf,
                aliveIntervals[i],
                expectedIntervals[i],
                clvIntervals[i]);
        }

        return records;
    }

    /// <summary>One interval column pair; all null when the file was written before intervals existed.</summary>
    private static async Task<ScoreInterval?[]> ReadIntervalsAsync(
        ParquetRowGroupReader group, Dictionary<string, DataField> fields, DataField<double?> low, DataField<double?> high, int n,
        CancellationToken cancellationToken)
    {
        var intervals = new ScoreInterval?[n];
        if (!fields.TryGetValue(low.Name, out var lowField) || !fields.TryGetValue(high.Name, out var highField))
        {
            return intervals;
        }

        var lows = new double?[n];
        var highs = new double?[n];
        await group.ReadAsync(lowField, lows.AsMemory(), cancellationToken: cancellationToken);
        await group.ReadAsync(highField, highs.AsMemory(), cancellationToken: cancellationToken);
        for (var i = 0; i < n; i++)
        {
            intervals[i] = lows[i] is { } l && highs[i] is { } h ? new ScoreInterval(l, h) : null;
        }

        return intervals;
    }

    /// <summary>Only the customer ids and segment ids of one row group: what flows and look-ups need.</summary>
    public static async Task<(string?[] Ids, int[] Segments)> ReadAssignmentsAsync(ParquetReader reader, int index, CancellationToken cancellationToken)
    {
        using var group = reader.OpenRowGroupReader(index);
        var n = checked((int)group.RowCount);
        var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
        var ids = new string?[n];
        var segments = new int[n];
        await group.ReadAsync(Field(fields, CustomerId), ids.AsMemory(), cancellationToken: cancellationToken);
        await group.ReadAsync(Field(fields, SegmentId), segments.AsMemory(), cancellationToken: cancellationToken);
        return (ids, segments);
    }

    private static DataField Field(Dictionary<string, DataField> fields, DataField expected) =>
        fields.TryGetValue(expected.Name, out var field)
            ? field
            : throw new FormatException($"The file has no column '{expected.Name}'.");

    private static RiskBand ParseBand(string? value)
    {
        var index = Array.IndexOf(Bands, value);
        return index >= 0 ? (RiskBand)index : throw new FormatException($"'{value}' is not a churn band.");
    }

    private static ChurnMethod ParseMethod(string? value) => value switch
    {
        ClassifierMethod => ChurnMethod.Classifier,
        ExpectedPurchasesMethod => ChurnMethod.BgNbdFallback,
        _ => throw new FormatException($"'{value}' is not a churn method."),
    };

    private static T[] Column<T>(ReadOnlyMemory<BatchScoreRecord> rows, Func<BatchScoreRecord, T> value)
    {
        var span = rows.Span;
        var column = new T[span.Length];
        for (var i = 0; i < column.Length; i++)
        {
            column[i] = value(span[i]);
        }

        return column;
    }
}
