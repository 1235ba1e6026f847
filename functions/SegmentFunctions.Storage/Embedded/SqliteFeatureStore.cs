using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Serialization;

namespace SegmentFunctions.Storage.Embedded;

/// <summary>
/// Feature documents in one SQLite table (customer_id, etag, JSON body in the domain shape). A conditional write is a
/// single statement (INSERT ... DO NOTHING, or UPDATE ... WHERE etag = @etag), so the ETag check and the write are
/// atomic for concurrent writers in this and other processes.
/// </summary>
public sealed class SqliteFeatureStore : IFeatureStore
{
    private const int PageSize = 256;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS features (
            customer_id TEXT NOT NULL PRIMARY KEY,
            etag TEXT NOT NULL,
            body TEXT NOT NULL
        ) WITHOUT ROWID;
        """;

    private readonly SqliteDatabase _database;

    public SqliteFeatureStore(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        _database = new SqliteDatabase(databasePath, Schema);
    }

    public Task<StoredFeatures?> ReadAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        return Guard(async () =>
        {
            await using var connection = _database.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT etag, body FROM features WHERE customer_id = @id";
            command.Parameters.AddWithValue("@id", customerId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new StoredFeatures(Deserialize(reader.GetString(1)), reader.GetString(0))
                : null;
        });
    }

    public Task<FeatureWriteResult> WriteAsync(CustomerFeatures features, string? ifMatchETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentException.ThrowIfNullOrEmpty(features.CustomerId);
        return Guard(async () =>
        {
            var etag = Guid.NewGuid().ToString("N");
            await using var connection = _database.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = ifMatchETag is null
                ? "INSERT INTO features (customer_id, etag, body) VALUES (@id, @etag, @body) ON CONFLICT (customer_id) DO NOTHING"
                : "UPDATE features SET etag = @etag, body = @body WHERE customer_id = @id AND etag = @ifMatch";
            command.Parameters.AddWithValue("@id", features.CustomerId);
            command.Parameters.AddWithValue("@etag", etag);
            command.Parameters.AddWithValue("@body", JsonSerializer.Serialize(features, DomainJsonContext.Default.CustomerFeatures));
            if (ifMatchETag is not null)
            {
                command.Parameters.AddWithValue("@ifMatch", ifMatchETag);
            }

            var affected = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return affected == 0 ? FeatureWriteResult.Conflict : FeatureWriteResult.Written(etag);
        });
    }

    public Task<bool> DeleteAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        return Guard(async () =>
        {
            await using var connection = _database.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM features WHERE customer_id = @id";
            command.Parameters.AddWithValue("@id", customerId);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        });
    }

    /// <remarks>
    /// Pages by key (customer_id &gt; last seen) on short-lived connections, so a long scan neither holds a read
    /// snapshot that stops WAL checkpoints nor keeps more than one page in memory.
    /// </remarks>
    public async IAsyncEnumerable<CustomerFeatures> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = string.Empty;
        while (true)
        {
            var page = await Guard(async () =>
            {
                var rows = new List<(string Id, string Body)>(PageSize);
                await using var connection = _database.Open();
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT customer_id, body FROM features WHERE customer_id > @after ORDER BY customer_id LIMIT @limit";
                command.Parameters.AddWithValue("@after", after);
                command.Parameters.AddWithValue("@limit", PageSize);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add((reader.GetString(0), reader.GetString(1)));
                }

                return rows;
            }).ConfigureAwait(false);

            foreach (var (_, body) in page)
            {
                yield return Deserialize(body);
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].Id;
        }
    }

    private static CustomerFeatures Deserialize(string body) =>
        JsonSerializer.Deserialize(body, DomainJsonContext.Default.CustomerFeatures)
        ?? throw new InvalidDataException("A stored feature document is the JSON literal null.");

    private static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (SqliteException ex) when (SqliteDatabase.IsBusy(ex))
        {
            throw new StoreUnavailableException("The embedded feature database stayed locked by another writer.", ex);
        }
    }
}
