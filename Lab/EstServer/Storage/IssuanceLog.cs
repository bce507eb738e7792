using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lab.EstServer.Est;
using Microsoft.Data.Sqlite;

namespace Lab.EstServer.Storage;

/// <summary>Every certificate the server has issued to a device, in order.</summary>
public sealed class IssuanceLog
{
    private const string Columns =
        "serial, device_id, operation, label, authentication, not_before, not_after, public_key_sha256, issued_at, certificate";

    private readonly EstDatabase _database;

    internal IssuanceLog(EstDatabase database) => _database = database;

    /// <summary>SHA-256 of a DER SubjectPublicKeyInfo, lower-case hex: how the log and approvals name a key.</summary>
    public static string KeyId(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>All entries, oldest first.</summary>
    public IReadOnlyList<IssuedCertificate> List() => Query("SELECT " + Columns + " FROM issued ORDER BY issued_at, rowid;", null);

    /// <summary>The entries of one device, oldest first.</summary>
    public IReadOnlyList<IssuedCertificate> ForDevice(string deviceId) =>
        Query("SELECT " + Columns + " FROM issued WHERE device_id = $device ORDER BY issued_at, rowid;", deviceId);

    /// <summary>The entry with this serial number (hex, any case), or null.</summary>
    public IssuedCertificate? Find(string serialNumber) => _database.Use(connection =>
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT " + Columns + " FROM issued WHERE serial = $serial;";
        command.Parameters.AddWithValue("$serial", serialNumber.ToUpperInvariant());
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    });

    /// <summary>Adds an entry (inside the caller's transaction).</summary>
    internal static void Add(SqliteConnection connection, SqliteTransaction transaction, IssuedCertificate entry)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO issued (" + Columns + ") VALUES ($serial, $device, $operation, $label, $auth, $nb, $na, $key, $at, $cert);";
        command.Parameters.AddWithValue("$serial", entry.SerialNumber);
        command.Parameters.AddWithValue("$device", entry.DeviceId);
        command.Parameters.AddWithValue("$operation", EstOperationNames.Of(entry.Operation));
        command.Parameters.AddWithValue("$label", (object?)entry.Label ?? DBNull.Value);
        command.Parameters.AddWithValue("$auth", entry.Authentication);
        command.Parameters.AddWithValue("$nb", EstDatabase.ToText(entry.NotBefore));
        command.Parameters.AddWithValue("$na", EstDatabase.ToText(entry.NotAfter));
        command.Parameters.AddWithValue("$key", entry.PublicKeySha256);
        command.Parameters.AddWithValue("$at", EstDatabase.ToText(entry.IssuedAt));
        command.Parameters.AddWithValue("$cert", entry.CertificateDer.ToArray());
        command.ExecuteNonQuery();
    }

    private List<IssuedCertificate> Query(string sql, string? deviceId) => _database.Use(connection =>
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        if (deviceId is not null)
        {
            command.Parameters.AddWithValue("$device", deviceId);
        }

        using SqliteDataReader reader = command.ExecuteReader();
        var entries = new List<IssuedCertificate>();
        while (reader.Read())
        {
            entries.Add(Read(reader));
        }

        return entries;
    });

    private static IssuedCertificate Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        EstOperationNames.Parse(reader.GetString(2)) ?? throw new InvalidDataException("unknown operation in the issuance log"),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetString(4),
        EstDatabase.FromText(reader.GetString(5)),
        EstDatabase.FromText(reader.GetString(6)),
        reader.GetString(7),
        EstDatabase.FromText(reader.GetString(8)),
        (byte[])reader[9]);
}
