using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Serialization;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// The embedded feature store as it was before the long-lived connection, kept as the baseline of
/// <see cref="EmbeddedStoreBench"/>: every operation takes a pooled connection, re-runs its PRAGMAs, compiles its
/// statement and moves the body as a UTF-16 string; every write commits alone. Same table and semantics.
/// </summary>
internal sealed class PerOperationSqliteFeatureStore : IFeatureStore, IDisposable
{
    private const int PageSize = 256;
    private readonly string _connectionString;

    public PerOperationSqliteFeatureStore(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS features (customer_id TEXT NOT NULL PRIMARY KEY, etag TEXT NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
            """;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    public async Task<StoredFeatures?> ReadAsync(string customerId, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag, body FROM features WHERE customer_id = @id";
        command.Parameters.AddWithValue("@id", customerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredFeatures(Deserialize(reader.GetString(1)), reader.GetString(0))
            : null;
    }

    public async Task<FeatureWriteResult> WriteAsync(CustomerFeatures features, string? ifMatchETag, CancellationToken cancellationToken)
    {
        var etag = Guid.NewGuid().ToString("N");
        await using var connection = Open();
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

        return await command.ExecuteNonQueryAsync(cancellationToken) == 0 ? FeatureWriteResult.Conflict : FeatureWriteResult.Written(etag);
    }

    public async Task<bool> DeleteAsync(string customerId, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM features WHERE customer_id = @id";
        command.Parameters.AddWithValue("@id", customerId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async IAsyncEnumerable<CustomerFeatures> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = string.Empty;
        while (true)
        {
            var page = new List<(string Id, string Body)>(PageSize);
            await using (var connection = Open())
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT customer_id, body FROM features WHERE customer_id > @after ORDER BY customer_id LIMIT @limit";
                command.Parameters.AddWithValue("@after", after);
                command.Parameters.AddWithValue("@limit", PageSize);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    page.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

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

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
        return connection;
    }

    private static CustomerFeatures Deserialize(string body) =>
        JsonSerializer.Deserialize(body, DomainJsonContext.Default.CustomerFeatures)
        ?? throw new InvalidDataException("A stored feature document is the JSON literal null.");
}
