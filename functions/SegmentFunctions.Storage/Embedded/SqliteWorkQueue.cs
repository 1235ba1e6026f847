using Microsoft.Data.Sqlite;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Storage.Embedded;

/// <summary>
/// A named queue in an embedded SQLite table. Receiving is one UPDATE ... RETURNING that hides the oldest visible
/// message until now + visibility timeout and counts the dequeue, so two receivers never get the same message at once.
/// </summary>
public sealed class SqliteWorkQueue : IWorkQueue
{
    internal const string Schema = """
        CREATE TABLE IF NOT EXISTS queue_messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            queue TEXT NOT NULL,
            body TEXT NOT NULL,
            visible_at INTEGER NOT NULL,
            dequeue_count INTEGER NOT NULL DEFAULT 0,
            pop_receipt TEXT
        );
        CREATE INDEX IF NOT EXISTS queue_messages_visible ON queue_messages (queue, visible_at, id);
        """;

    private readonly SqliteDatabase _database;
    private readonly string _queueName;
    private readonly TimeProvider _time;

    internal SqliteWorkQueue(SqliteDatabase database, string queueName, TimeProvider time)
    {
        _database = database;
        _queueName = queueName;
        _time = time;
    }

    public async Task EnqueueAsync(string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO queue_messages (queue, body, visible_at) VALUES (@queue, @body, @now)";
        command.Parameters.AddWithValue("@queue", _queueName);
        command.Parameters.AddWithValue("@body", message);
        command.Parameters.AddWithValue("@now", _time.GetUtcNow().ToUnixTimeMilliseconds());
        await Guard(() => command.ExecuteNonQueryAsync(cancellationToken)).ConfigureAwait(false);
    }

    public async Task<QueuedMessage?> ReceiveAsync(TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        if (visibilityTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(visibilityTimeout), visibilityTimeout, "The visibility timeout cannot be negative.");
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var popReceipt = Guid.NewGuid().ToString("N");
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE queue_messages
               SET visible_at = @invisibleUntil, dequeue_count = dequeue_count + 1, pop_receipt = @popReceipt
             WHERE id = (SELECT id FROM queue_messages WHERE queue = @queue AND visible_at <= @now ORDER BY id LIMIT 1)
            RETURNING id, body, dequeue_count
            """;
        command.Parameters.AddWithValue("@queue", _queueName);
        command.Parameters.AddWithValue("@now", now);
        command.Parameters.AddWithValue("@invisibleUntil", now + (long)visibilityTimeout.TotalMilliseconds);
        command.Parameters.AddWithValue("@popReceipt", popReceipt);
        return await Guard(async () =>
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new QueuedMessage(reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture), popReceipt, reader.GetString(1), reader.GetInt64(2))
                : null;
        }).ConfigureAwait(false);
    }

    /// <remarks>A stale pop receipt (the message reappeared and was received again) deletes nothing, as in Azure.</remarks>
    public async Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM queue_messages WHERE id = @id AND queue = @queue AND pop_receipt = @popReceipt";
        command.Parameters.AddWithValue("@id", long.Parse(message.Id, System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("@queue", _queueName);
        command.Parameters.AddWithValue("@popReceipt", message.PopReceipt);
        await Guard(() => command.ExecuteNonQueryAsync(cancellationToken)).ConfigureAwait(false);
    }

    private async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (SqliteException ex) when (SqliteDatabase.IsBusy(ex))
        {
            throw new StoreUnavailableException($"The embedded queue '{_queueName}' stayed locked by another writer.", ex);
        }
    }
}
