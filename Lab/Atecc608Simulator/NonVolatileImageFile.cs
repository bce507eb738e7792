using System.Text.Json;

namespace Atecc608Simulator;

/// <summary>
/// Reads and writes a simulated chip's non-volatile state as a small JSON document, so a virtual device keeps
/// its identity (serial number, keys, lock state, counters) across runs. Volatile state is never written.
/// </summary>
/// <remarks>
/// Format, version 1 (all byte strings upper-case hex, no separators):
/// <code>
/// {
///   "format": "atecc608b-simulator-nonvolatile",
///   "version": 1,
///   "config": "&lt;128 bytes&gt;",
///   "slots": [ "&lt;slot 0, 36 bytes&gt;", …, "&lt;slot 8, 416 bytes&gt;", …, "&lt;slot 15, 72 bytes&gt;" ],
///   "otp": "&lt;64 bytes&gt;",
///   "counters": [ 0, 0 ]
/// }
/// </code>
/// The file holds the private keys in clear: it is the simulated chip's EEPROM, for the Lab only.
/// </remarks>
internal static class NonVolatileImageFile
{
    /// <summary>Value of the "format" member.</summary>
    public const string FormatName = "atecc608b-simulator-nonvolatile";

    /// <summary>Current format version; Load refuses any other.</summary>
    public const int Version = 1;

    /// <summary>Writes the image to <paramref name="path"/>, replacing it only once the new file is complete.</summary>
    public static void Save(string path, NonVolatileMemory memory)
    {
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", FormatName);
            writer.WriteNumber("version", Version);
            writer.WriteString("config", Convert.ToHexString(memory.Config));
            writer.WriteStartArray("slots");
            foreach (byte[] slot in memory.Slots)
            {
                writer.WriteStringValue(Convert.ToHexString(slot));
            }

            writer.WriteEndArray();
            writer.WriteString("otp", Convert.ToHexString(memory.Otp));
            writer.WriteStartArray("counters");
            foreach (uint counter in memory.Counters)
            {
                writer.WriteNumberValue(counter);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        string temporary = path + ".tmp";
        File.WriteAllBytes(temporary, stream.ToArray());
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads an image written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Not a version-1 image, or a zone of the wrong size.</exception>
    public static NonVolatileMemory Load(string path)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = document.RootElement;
            if (root.GetProperty("format").GetString() != FormatName)
            {
                throw new InvalidDataException(path + " is not a simulated ATECC608 image");
            }

            int version = root.GetProperty("version").GetInt32();
            if (version != Version)
            {
                throw new InvalidDataException($"{path}: simulated ATECC608 image version {version}, this simulator reads version {Version}");
            }

            byte[] config = Convert.FromHexString(root.GetProperty("config").GetString() ?? "");
            byte[][] slots = [.. root.GetProperty("slots").EnumerateArray().Select(e => Convert.FromHexString(e.GetString() ?? ""))];
            byte[] otp = Convert.FromHexString(root.GetProperty("otp").GetString() ?? "");
            uint[] counters = [.. root.GetProperty("counters").EnumerateArray().Select(e => e.GetUInt32())];
            return NonVolatileMemory.FromParts(config, slots, otp, counters);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException(path + " is not a readable simulated ATECC608 image: " + e.Message, e);
        }
    }
}
