using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Lab.EstServer.Storage;

/// <summary>
/// The SQLite file holding devices, the issuance log and pending approvals. One connection, used under a lock:
/// an EST server for a lab or pilot handles a handful of requests a second, and every write is durable
/// (write-ahead log, synchronous=FULL) before the answer leaves.
/// </summary>
public sealed class EstDatabase : IDisposable
{
    /// <summary>File name inside the data directory.</summary>
    public const string FileName = "est.db";

    /// <summary>Schema version stored in PRAGMA user_version.</summary>
    private const int SchemaVersion = 1;

    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    /// <summary>Opens (and if needed creates) the database in <paramref name="directory"/>.</summary>
    public EstDatabase(string directory)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, FileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        // WAL: one fsync per commit instead of the rollback journal's several; FULL: that fsync happens before
        // the commit returns, so an answered request survives a power cut.
        Execute("PRAGMA journal_mode = WAL;");
        Execute("PRAGMA synchronous = FULL;");
        Execute("PRAGMA foreign_keys = ON;");
        Migrate();
    }

    /// <summary>Runs <paramref name="action"/> with exclusive use of the connection.</summary>
    internal T Use<T>(Func<SqliteConnection, T> action)
    {
        lock (_lock)
        {
            return action(_connection);
        }
    }

    /// <summary>Runs <paramref name="action"/> inside one transaction with exclusive use of the connection.</summary>
    internal T InTransaction<T>(Func<SqliteConnection, SqliteTransaction, T> action)
    {
        lock (_lock)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            T result = action(_connection, transaction);
            transaction.Commit();
            return result;
        }
    }

    /// <summary>A timestamp as stored: ISO 8601 UTC with 7 fractional digits, which sorts as text.</summary>
    internal static string ToText(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A stored timestamp.</summary>
    internal static DateTimeOffset FromText(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _connection.Dispose();
        }
    }

    private void Migrate()
    {
        long version;
        using (SqliteCommand command = _connection.CreateCommand())
        {
            command.CommandText = "PRAGMA user_version;";
            version = (long)command.ExecuteScalar()!;
        }

        if (version == SchemaVersion)
        {
            return;
        }

        if (version != 0)
        {
            throw new InvalidOperationException($"{FileName} has schema version {version}; this server knows version {SchemaVersion}");
        }

        Execute("""
            CREATE TABLE devices (
                id TEXT PRIMARY KEY,
                secret_hash BLOB NOT NULL,
                secret_salt BLOB NOT NULL,
                secret_iterations INTEGER NOT NULL,
                registered_at TEXT NOT NULL,
                revoked_at TEXT NULL
            );
            CREATE TABLE issued (
                serial TEXT PRIMARY KEY,
                device_id TEXT NOT NULL REFERENCES devices(id),
                operation TEXT NOT NULL,
                label TEXT NULL,
                authentication TEXT NOT NULL,
                not_before TEXT NOT NULL,
                not_after TEXT NOT NULL,
                public_key_sha256 TEXT NOT NULL,
                issued_at TEXT NOT NULL,
                certificate BLOB NOT NULL
            );
            CREATE INDEX issued_by_device ON issued(device_id, issued_at);
            CREATE TABLE pending (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                device_id TEXT NOT NULL REFERENCES devices(id),
                operation TEXT NOT NULL,
                label TEXT NULL,
                public_key_sha256 TEXT NOT NULL,
                csr BLOB NOT NULL,
                status TEXT NOT NULL,
                received_at TEXT NOT NULL,
                decided_at TEXT NULL,
                issued_serial TEXT NULL
            );
            CREATE INDEX pending_by_key ON pending(device_id, public_key_sha256, status);
            PRAGMA user_version = 1;
            """);
    }

    private void Execute(string sql)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
