using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Parquet;
using Parquet.Schema;
using SegmentFunctions.Domain.Events;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Models;
using SegmentFunctions.Domain.Serialization;
using SegmentFunctions.Domain.Training;

namespace SegmentFunctions.Application.Snapshots;

/// <summary>
/// Columns of a snapshot shard. <c>document</c> holds each feature document as its canonical JSON
/// (<see cref="SegmentFunctions.Domain.Serialization.DomainJsonContext"/>) for an exact round trip; the typed columns
/// beside it are a flattened copy for analytics tools (DuckDB, Spark, pandas), of which this code reads back only
/// <c>customerId</c> and <c>schemaVersion</c>. A snapshot written with a training time unit
/// (<see cref="SnapshotOptions.TrainingRowsTimeUnit"/>) also holds each customer's training row as of the snapshot's
/// time (<see cref="TrainingRowFeaturizer"/>): <c>rowStatus</c> (<see cref="SnapshotRowStatus"/>) and one nullable
/// double column per feature, <c>row_{name}</c> in <see cref="FeatureNames.All"/> order, null where the customer has
/// no row. The retraining reads those instead of decoding the documents (<see cref="SnapshotRows"/> in the manifest
/// says what they are); analytics tools see them too.
/// A snapshot holds the customer's features, not ingestion bookkeeping: <see cref="CustomerFeatures.Processing"/>
/// (partition watermarks and the dedupe keys of the customer's last days, most of a stored document's size) is
/// left out of <c>document</c>, so it reads back as an empty <see cref="ProcessingState"/>. Nothing downstream of a
/// snapshot de-duplicates events, and leaving it out makes a snapshot several times smaller to write, download,
/// decode and hold.
/// </summary>
internal static class FeatureSnapshotSchema
{
    public static readonly DataField<string> CustomerId = new("customerId", nullable: false);
    public static readonly DataField<string> Document = new("document", nullable: false);
    public static readonly DataField<int> SchemaVersion = new("schemaVersion", nullable: false);
    public static readonly DataField<int> Orders = new("orders", nullable: false);
    public static readonly DataField<decimal?> Revenue = new("revenue", nullable: true);
    public static readonly DataField<int> Refunds = new("refunds", nullable: false);
    public static readonly DataField<decimal?> RefundAmount = new("refundAmount", nullable: true);
    public static readonly DataField<long> ItemsPurchased = new("itemsPurchased", nullable: false);
    public static readonly DataField<string> Currency = new("currency", nullable: true);
    public static readonly DateTimeDataField FirstSeenAt = Timestamp("firstSeenAt");
    public static readonly DateTimeDataField LastSeenAt = Timestamp("lastSeenAt");
    public static readonly DateTimeDataField FirstPurchaseAt = Timestamp("firstPurchaseAt");
    public static readonly DateTimeDataField LastPurchaseAt = Timestamp("lastPurchaseAt");
    public static readonly DataField<int> PurchaseDays = new("purchaseDays", nullable: false);

    /// <summary>One count column per contract event type, named "events_{wire name}".</summary>
    public static readonly IReadOnlyList<(string EventType, DataField<long> Field)> EventCounts =
        [.. EventTypeNames.All.Select(name => (name, new DataField<long>($"events_{name}", nullable: false)))];

    public static readonly ParquetSchema Schema = new(DocumentFields());

    public static readonly DataField<int> RowStatus = new("rowStatus", nullable: false);

    /// <summary>The training row's columns, "row_{name}" per <see cref="FeatureNames.All"/>, in that order.</summary>
    public static readonly IReadOnlyList<DataField<double?>> RowValues =
        [.. FeatureNames.All.Select(name => new DataField<double?>($"row_{name}", nullable: true))];

    /// <summary>The columns of a snapshot that also holds its training rows.</summary>
    public static readonly ParquetSchema SchemaWithRows = new([.. DocumentFields(), RowStatus, .. RowValues]);

    /// <summary>The canonical JSON of a document without its <see cref="CustomerFeatures.Processing"/> (see above).</summary>
    public static readonly JsonTypeInfo<CustomerFeatures> DocumentJson = CreateDocumentJson();

    /// <summary>
    /// Magnitude from which a decimal does not fit the typed columns' Parquet decimal (precision 38, scale 18: 20
    /// integer digits).
    /// </summary>
    public const decimal DecimalColumnLimit = 100_000_000_000_000_000_000m;

    /// <summary>
    /// Writes one row group, columns in schema order (Parquet requires it), the training rows' columns last when the
    /// file has them (<paramref name="trainingRows"/>, <see cref="SchemaWithRows"/>). A typed value the column cannot
    /// represent is written as null (the document column keeps it exactly); returns how many were.
    /// </summary>
    public static async Task<int> WriteRowGroupAsync(
        ParquetWriter writer, IReadOnlyList<CustomerFeatures> rows, IReadOnlyList<string> documents, SnapshotRowColumns? trainingRows,
        CancellationToken cancellationToken)
    {
        var unrepresentable = 0;
        decimal?[] Decimals(Func<CustomerFeatures, decimal> value) => [.. rows.Select(r =>
        {
            var v = value(r);
            if (Math.Abs(v) < DecimalColumnLimit)
            {
                return (decimal?)v;
            }

            unrepresentable++;
            return null;
        })];

        using var group = writer.CreateRowGroup();
        await group.WriteAsync(CustomerId, [.. rows.Select(r => r.CustomerId)]);
        await group.WriteAsync(Document, documents.ToArray());
        await WriteAsync(group, SchemaVersion, rows, r => r.SchemaVersion, cancellationToken);
        await WriteAsync(group, Orders, rows, r => r.Orders, cancellationToken);
        await group.WriteAsync<decimal>(Revenue, Decimals(r => r.Revenue), cancellationToken: cancellationToken);
        await WriteAsync(group, Refunds, rows, r => r.Refunds, cancellationToken);
        await group.WriteAsync<decimal>(RefundAmount, Decimals(r => r.RefundAmount), cancellationToken: cancellationToken);
        await WriteAsync(group, ItemsPurchased, rows, r => r.ItemsPurchased, cancellationToken);
        await group.WriteAsync(Currency, [.. rows.Select(r => r.Currency!)]);
        await WriteTimestampAsync(group, FirstSeenAt, rows, r => r.FirstSeenAt, cancellationToken);
        await WriteTimestampAsync(group, LastSeenAt, rows, r => r.LastSeenAt, cancellationToken);
        await WriteTimestampAsync(group, FirstPurchaseAt, rows, r => r.FirstPurchaseAt, cancellationToken);
        await WriteTimestampAsync(group, LastPurchaseAt, rows, r => r.LastPurchaseAt, cancellationToken);
        await WriteAsync(group, PurchaseDays, rows, r => r.PurchaseDays.Count, cancellationToken);
        foreach (var (eventType, field) in EventCounts)
        {
            await WriteAsync(group, field, rows, r => r.Count(eventType), cancellationToken);
        }

        if (trainingRows is not null)
        {
            await group.WriteAsync<int>(RowStatus, trainingRows.Status.AsMemory(0, rows.Count), cancellationToken: cancellationToken);
            for (var j = 0; j < RowValues.Count; j++)
            {
                await group.WriteAsync<double>(RowValues[j], trainingRows.Values[j].AsMemory(0, rows.Count), cancellationToken: cancellationToken);
            }
        }

        group.CompleteValidate();
        return unrepresentable;
    }

    private static Field[] DocumentFields() =>
    [
        CustomerId, Document, SchemaVersion, Orders, Revenue, Refunds, RefundAmount, ItemsPurchased, Currency,
        FirstSeenAt, LastSeenAt, FirstPurchaseAt, LastPurchaseAt, PurchaseDays, .. EventCounts.Select(c => (Field)c.Field),
    ];

    private static JsonTypeInfo<CustomerFeatures> CreateDocumentJson()
    {
        var processing = DomainJsonContext.Default.Options.PropertyNamingPolicy?.ConvertName(nameof(CustomerFeatures.Processing))
            ?? nameof(CustomerFeatures.Processing);
        var options = new JsonSerializerOptions(DomainJsonContext.Default.Options)
        {
            TypeInfoResolver = DomainJsonContext.Default.WithAddedModifier(type =>
            {
                if (type.Type != typeof(CustomerFeatures))
                {
                    return;
                }

                var property = type.Properties.SingleOrDefault(p => p.Name == processing)
                    ?? throw new InvalidOperationException($"CustomerFeatures has no JSON property '{processing}' to leave out of snapshots.");
                property.ShouldSerialize = static (_, _) => false;
            }),
        };
        return (JsonTypeInfo<CustomerFeatures>)options.GetTypeInfo(typeof(CustomerFeatures));
    }

    private static DateTimeDataField Timestamp(string name) =>
        new(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true);

    private static Task WriteAsync<T>(
        ParquetRowGroupWriter group, DataField field, IReadOnlyList<CustomerFeatures> rows, Func<CustomerFeatures, T> value, CancellationToken cancellationToken)
        where T : struct =>
        group.WriteAsync<T>(field, rows.Select(value).ToArray(), cancellationToken: cancellationToken);

    private static Task WriteTimestampAsync(
        ParquetRowGroupWriter group, DataField field, IReadOnlyList<CustomerFeatures> rows, Func<CustomerFeatures, DateTimeOffset?> value, CancellationToken cancellationToken) =>
        group.WriteAsync<DateTime>(field, rows.Select(r => value(r)?.UtcDateTime).ToArray(), cancellationToken: cancellationToken);
}
