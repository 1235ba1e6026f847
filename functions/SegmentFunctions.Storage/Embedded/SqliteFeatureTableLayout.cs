using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SegmentFunctions.Domain.Serialization;

namespace SegmentFunctions.Storage.Embedded;

/// <summary>
/// The table of <see cref="SqliteFeatureStore"/> and the move of files written by earlier versions to it. Earlier
/// layouts kept each whole document in <c>features.body</c> (first in a WITHOUT ROWID table, then in a rowid table);
/// the current one keeps the processing state in a last column, <c>processing</c>. The file's <c>user_version</c> says
/// which layout it has (0: earlier, whole documents), so opening a current file costs one pragma.
/// </summary>
internal static class SqliteFeatureTableLayout
{
    public const string Table = """
        CREATE TABLE IF NOT EXISTS features (
            customer_id TEXT NOT NULL PRIMARY KEY,
            etag TEXT NOT NULL,
            body TEXT NOT NULL,
            processing TEXT NOT NULL
        );
        """;

    private const int CurrentVersion = 1;

    /// <summary>
    /// Splits every whole document into its two parts, into a new table, in one transaction: a crash leaves the earlier
    /// table whole, and another process opening the file meanwhile waits for it. A new file has no rows to move.
    /// </summary>
    public static void MoveToCurrentLayout(SqliteConnection connection)
    {
        if (Version(connection, null) >= CurrentVersion)
        {
            return;
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        if (Version(connection, transaction) >= CurrentVersion)
        {
            return;
        }

        Execute(connection, transaction, Table.Replace("IF NOT EXISTS features", "features_next", StringComparison.Ordinal));
        SplitDocuments(connection, transaction);
        Execute(connection, transaction, $"DROP TABLE features; ALTER TABLE features_next RENAME TO features; PRAGMA user_version = {CurrentVersion};");
        transaction.Commit();
    }

    private static void SplitDocuments(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var read = Command(connection, transaction, "SELECT customer_id, etag, body FROM features ORDER BY customer_id");
        using var write = Command(connection, transaction,
            "INSERT INTO features_next (customer_id, etag, body, processing) VALUES ($id, $etag, $body, $processing)");
        var (id, etag, body, processing) = (Text(write, "$id"), Text(write, "$etag"), Text(write, "$body"), Text(write, "$processing"));
        using var rows = read.ExecuteReader();
        while (rows.Read())
        {
            var document = JsonSerializer.Deserialize(rows.GetString(2), DomainJsonContext.Default.CustomerFeatures)
                ?? throw new InvalidDataException($"The stored feature document of '{rows.GetString(0)}' is the JSON literal null.");
            (id.Value, etag.Value) = (rows.GetString(0), rows.GetString(1));
            body.Value = Encoding.UTF8.GetString(FeatureDocumentParts.EncodeFeatures(document));
            processing.Value = Encoding.UTF8.GetString(FeatureDocumentParts.EncodeProcessing(document.Processing));
            write.ExecuteNonQuery();
        }
    }

    private static SqliteParameter Text(SqliteCommand command, string name) => command.Parameters.Add(name, SqliteType.Text);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static long Version(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = Command(connection, transaction, "PRAGMA user_version");
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }
}
