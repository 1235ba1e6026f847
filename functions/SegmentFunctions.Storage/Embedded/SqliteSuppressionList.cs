using System.Text.Json;
using Microsoft.Data.Sqlite;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Storage.Naming;

namespace SegmentFunctions.Storage.Embedded;

/// <summary>
/// The suppression list in a SQLite file of its own (customer_id, suppressed_at). A batch lookup is one statement that
/// joins the ids, passed as one JSON array parameter, against the table's primary key.
/// </summary>
public sealed class SqliteSuppressionList : ISuppressionList, IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS suppressions (
            customer_id TEXT NOT NULL PRIMARY KEY,
            suppressed_at TEXT NOT NULL
        ) WITHOUT ROWID;
        """;

    private readonly SqliteDatabase _database;

    public SqliteSuppressionList(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        _database = new SqliteDatabase(databasePath, Schema);
    }

    public void Dispose() => _database.Dispose();

    public Task AddAsync(string customerId, DateTimeOffset suppressedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        return Guard(async () =>
        {
            await using var connection = _database.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO suppressions (customer_id, suppressed_at) VALUES (@id, @at) ON CONFLICT (customer_id) DO NOTHING";
            command.Parameters.AddWithValue("@id", customerId);
            command.Parameters.AddWithValue("@at", suppressedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        });
    }

    public Task<IReadOnlySet<string>> FindSuppressedAsync(IReadOnlyCollection<string> customerIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        if (customerIds.Count == 0)
        {
            return Task.FromResult<IReadOnlySet<string>>(new HashSet<string>(StringComparer.Ordinal));
        }

        return Guard<IReadOnlySet<string>>(async () =>
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            await using var connection = _database.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT customer_id FROM suppressions WHERE customer_id IN (SELECT value FROM json_each(@ids))";
            command.Parameters.AddWithValue("@ids", JsonSerializer.Serialize(customerIds, SuppressionJsonContext.Default.IReadOnlyCollectionString));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                found.Add(reader.GetString(0));
            }

            return found;
        });
    }

    private static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (SqliteException ex) when (SqliteDatabase.IsBusy(ex))
        {
            throw new StoreUnavailableException("The embedded suppression list stayed locked by another writer.", ex);
        }
    }
}
