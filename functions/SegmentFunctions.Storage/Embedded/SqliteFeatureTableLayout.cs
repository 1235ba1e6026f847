using Microsoft.Data.Sqlite;

namespace SegmentFunctions.Storage.Embedded;

/// <summary>
/// Moves a feature table written by earlier versions (WITHOUT ROWID, the whole row in the primary-key b-tree) to the
/// rowid layout of <see cref="SqliteFeatureStore"/>: same columns and statements, one rewrite of the rows in one
/// transaction, so a crash leaves the old table whole and another process opening the file meanwhile waits for it.
/// </summary>
internal static class SqliteFeatureTableLayout
{
    public static void MoveToRowidTable(SqliteConnection connection)
    {
        if (!IsWithoutRowid(connection, null))
        {
            return;
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        if (!IsWithoutRowid(connection, transaction))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            CREATE TABLE features_rowid (
                customer_id TEXT NOT NULL PRIMARY KEY,
                etag TEXT NOT NULL,
                body TEXT NOT NULL
            );
            INSERT INTO features_rowid (customer_id, etag, body) SELECT customer_id, etag, body FROM features ORDER BY customer_id;
            DROP TABLE features;
            ALTER TABLE features_rowid RENAME TO features;
            """;
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private static bool IsWithoutRowid(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'features'";
        return command.ExecuteScalar() is string sql && sql.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase);
    }
}
