using Lab.EstServer.Est;
using Microsoft.Data.Sqlite;

namespace Lab.EstServer.Storage;

/// <summary>Requests waiting for an operator, and the operator's decisions.</summary>
public sealed class PendingRequests
{
    private const string Columns = "id, device_id, operation, label, public_key_sha256, status, received_at, decided_at, issued_serial";

    private readonly EstDatabase _database;
    private readonly TimeProvider _clock;

    internal PendingRequests(EstDatabase database, TimeProvider clock)
    {
        _database = database;
        _clock = clock;
    }

    /// <summary>All requests, or those with one status, oldest first.</summary>
    public IReadOnlyList<PendingRequest> List(PendingStatus? status = null) => _database.Use(connection =>
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT " + Columns + " FROM pending" + (status is null ? "" : " WHERE status = $status") + " ORDER BY id;";
        if (status is not null)
        {
            command.Parameters.AddWithValue("$status", StatusText(status.Value));
        }

        using SqliteDataReader reader = command.ExecuteReader();
        var requests = new List<PendingRequest>();
        while (reader.Read())
        {
            requests.Add(Read(reader));
        }

        return requests;
    });

    /// <summary>The request with this id, or null.</summary>
    public PendingRequest? Find(long id) => _database.Use(connection =>
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT " + Columns + " FROM pending WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    });

    /// <summary>Approves a pending (or previously rejected) request.</summary>
    /// <returns>False if there is no such request or it was already issued.</returns>
    public bool Approve(long id) => Decide(id, PendingStatus.Approved);

    /// <summary>Rejects a pending (or approved but not yet issued) request.</summary>
    /// <returns>False if there is no such request or it was already issued.</returns>
    public bool Reject(long id) => Decide(id, PendingStatus.Rejected);

    /// <summary>Approves every pending request of a device.</summary>
    /// <returns>How many were approved.</returns>
    public int ApproveDevice(string deviceId) => _database.Use(connection =>
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "UPDATE pending SET status = $approved, decided_at = $now WHERE device_id = $device AND status = $pending;";
        command.Parameters.AddWithValue("$approved", StatusText(PendingStatus.Approved));
        command.Parameters.AddWithValue("$pending", StatusText(PendingStatus.Pending));
        command.Parameters.AddWithValue("$now", EstDatabase.ToText(_clock.GetUtcNow()));
        command.Parameters.AddWithValue("$device", deviceId);
        return command.ExecuteNonQuery();
    });

    /// <summary>The open (not yet issued) request of this device for this key, creating a pending one if there is none.</summary>
    internal PendingRequest FindOrAdd(string deviceId, EstOperation operation, string? label, string keyId, byte[] csr) =>
        _database.InTransaction((connection, transaction) =>
        {
            using (SqliteCommand find = connection.CreateCommand())
            {
                find.Transaction = transaction;
                find.CommandText = "SELECT " + Columns + " FROM pending WHERE device_id = $device AND public_key_sha256 = $key AND status <> $issued ORDER BY id DESC LIMIT 1;";
                find.Parameters.AddWithValue("$device", deviceId);
                find.Parameters.AddWithValue("$key", keyId);
                find.Parameters.AddWithValue("$issued", StatusText(PendingStatus.Issued));
                using SqliteDataReader reader = find.ExecuteReader();
                if (reader.Read())
                {
                    return Read(reader);
                }
            }

            using SqliteCommand add = connection.CreateCommand();
            add.Transaction = transaction;
            add.CommandText = "INSERT INTO pending (device_id, operation, label, public_key_sha256, csr, status, received_at) VALUES ($device, $operation, $label, $key, $csr, $pending, $now) RETURNING " + Columns + ";";
            add.Parameters.AddWithValue("$device", deviceId);
            add.Parameters.AddWithValue("$operation", EstOperationNames.Of(operation));
            add.Parameters.AddWithValue("$label", (object?)label ?? DBNull.Value);
            add.Parameters.AddWithValue("$key", keyId);
            add.Parameters.AddWithValue("$csr", csr);
            add.Parameters.AddWithValue("$pending", StatusText(PendingStatus.Pending));
            add.Parameters.AddWithValue("$now", EstDatabase.ToText(_clock.GetUtcNow()));
            using SqliteDataReader added = add.ExecuteReader();
            added.Read();
            return Read(added);
        });

    /// <summary>Marks an approved request issued (inside the caller's transaction).</summary>
    internal static void MarkIssued(SqliteConnection connection, SqliteTransaction transaction, long id, string serialNumber)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE pending SET status = $issued, issued_serial = $serial WHERE id = $id;";
        command.Parameters.AddWithValue("$issued", StatusText(PendingStatus.Issued));
        command.Parameters.AddWithValue("$serial", serialNumber);
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
    }

    private bool Decide(long id, PendingStatus decision) => _database.Use(connection =>
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "UPDATE pending SET status = $status, decided_at = $now WHERE id = $id AND status <> $issued;";
        command.Parameters.AddWithValue("$status", StatusText(decision));
        command.Parameters.AddWithValue("$issued", StatusText(PendingStatus.Issued));
        command.Parameters.AddWithValue("$now", EstDatabase.ToText(_clock.GetUtcNow()));
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteNonQuery() == 1;
    });

    private static string StatusText(PendingStatus status) => status.ToString().ToLowerInvariant();

    private static PendingRequest Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        EstOperationNames.Parse(reader.GetString(2)) ?? throw new InvalidDataException("unknown operation in the pending table"),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetString(4),
        Enum.Parse<PendingStatus>(reader.GetString(5), ignoreCase: true),
        EstDatabase.FromText(reader.GetString(6)),
        reader.IsDBNull(7) ? null : EstDatabase.FromText(reader.GetString(7)),
        reader.IsDBNull(8) ? null : reader.GetString(8));
}
