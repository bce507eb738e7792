using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Lab.EstServer.Storage;

/// <summary>The devices allowed to enroll, each with its hashed bootstrap secret and revocation state.</summary>
public sealed partial class DeviceRegistry
{
    /// <summary>libest caps user names at 255 bytes (facts/est.md §9); ids also appear in CN and SAN, so keep them short.</summary>
    public const int MaxIdLength = 128;

    private readonly EstDatabase _database;
    private readonly TimeProvider _clock;
    private readonly int _iterations;

    internal DeviceRegistry(EstDatabase database, TimeProvider clock, int iterations)
    {
        _database = database;
        _clock = clock;
        _iterations = iterations;
    }

    /// <summary>Whether <paramref name="id"/> can name a device: letters, digits, '.', '_' and '-', starting with a letter or digit.</summary>
    public static bool IsValidId(string id) => id is not null && DeviceIdPattern().IsMatch(id);

    /// <summary>
    /// Registers a device with its bootstrap secret, or replaces the secret of a registered one (its revocation
    /// state is kept).
    /// </summary>
    /// <returns>The device as stored.</returns>
    public DeviceRecord Register(string id, string secret)
    {
        if (!IsValidId(id))
        {
            throw new ArgumentException($"a device id is 1-{MaxIdLength} characters of letters, digits, '.', '_' and '-'", nameof(id));
        }

        ArgumentException.ThrowIfNullOrEmpty(secret);
        (byte[] hash, byte[] salt) = SecretHasher.Hash(secret, _iterations);
        string now = EstDatabase.ToText(_clock.GetUtcNow());
        _database.Use(connection =>
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO devices (id, secret_hash, secret_salt, secret_iterations, registered_at) VALUES ($id, $hash, $salt, $iterations, $now)
                ON CONFLICT(id) DO UPDATE SET secret_hash = $hash, secret_salt = $salt, secret_iterations = $iterations;
                """;
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$hash", hash);
            command.Parameters.AddWithValue("$salt", salt);
            command.Parameters.AddWithValue("$iterations", _iterations);
            command.Parameters.AddWithValue("$now", now);
            return command.ExecuteNonQuery();
        });
        return Find(id)!;
    }

    /// <summary>The device with this id, or null.</summary>
    public DeviceRecord? Find(string id) => _database.Use(connection =>
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT id, registered_at, revoked_at FROM devices WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? ReadDevice(reader) : null;
    });

    /// <summary>All devices, ordered by id.</summary>
    public IReadOnlyList<DeviceRecord> List() => _database.Use(connection =>
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT id, registered_at, revoked_at FROM devices ORDER BY id;";
        using SqliteDataReader reader = command.ExecuteReader();
        var devices = new List<DeviceRecord>();
        while (reader.Read())
        {
            devices.Add(ReadDevice(reader));
        }

        return devices;
    });

    /// <summary>Revokes a device: it can no longer enroll or renew, and its certificates are refused.</summary>
    /// <returns>False if there is no such device.</returns>
    public bool Revoke(string id) => SetRevoked(id, EstDatabase.ToText(_clock.GetUtcNow()));

    /// <summary>Lifts a revocation.</summary>
    /// <returns>False if there is no such device.</returns>
    public bool Reinstate(string id) => SetRevoked(id, null);

    /// <summary>Checks a bootstrap secret. Takes the same time whether or not the device exists.</summary>
    /// <returns>The device if the secret is right (revoked or not), otherwise null.</returns>
    internal DeviceRecord? VerifySecret(string id, string secret)
    {
        (byte[] Hash, byte[] Salt, int Iterations, DeviceRecord Device)? stored = _database.Use(connection =>
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT id, registered_at, revoked_at, secret_hash, secret_salt, secret_iterations FROM devices WHERE id = $id;";
            command.Parameters.AddWithValue("$id", id);
            using SqliteDataReader reader = command.ExecuteReader();
            return reader.Read()
                ? ((byte[])reader[3], (byte[])reader[4], reader.GetInt32(5), ReadDevice(reader))
                : ((byte[], byte[], int, DeviceRecord)?)null;
        });
        if (stored is null)
        {
            SecretHasher.Waste(secret, _iterations);
            return null;
        }

        return SecretHasher.Verify(secret, stored.Value.Hash, stored.Value.Salt, stored.Value.Iterations) ? stored.Value.Device : null;
    }

    private bool SetRevoked(string id, string? revokedAt) => _database.Use(connection =>
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "UPDATE devices SET revoked_at = $at WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$at", (object?)revokedAt ?? DBNull.Value);
        return command.ExecuteNonQuery() == 1;
    });

    private static DeviceRecord ReadDevice(SqliteDataReader reader) => new(
        reader.GetString(0),
        EstDatabase.FromText(reader.GetString(1)),
        reader.IsDBNull(2) ? null : EstDatabase.FromText(reader.GetString(2)));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex DeviceIdPattern();
}
