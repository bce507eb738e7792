using System.IO;
using DeviceAgent.Storage;

namespace DeviceAgent.Platform
{
    /// <summary>
    /// <see cref="IBlobStore"/> as one file per blob on the ESP32's internal LittleFS volume (board only; thin).
    /// </summary>
    /// <remarks>
    /// A file's content is durable only after its stream is closed, and nanoFramework has no atomic replace
    /// (facts/nanoframework-api.md §7.2); <see cref="RecordStore"/> does not need one, since it never rewrites the copy
    /// holding the newest value. The volume auto-formats if it cannot mount, so a fleet also needs a re-provisioning
    /// path (the renewal engine's birth-credential tier).
    /// </remarks>
    public sealed class FlashBlobStore : IBlobStore
    {
        /// <summary>Default folder on the internal volume.</summary>
        public const string DefaultFolder = "I:\\agent";

        /// <summary>Files larger than this are not read: a blob is a framed record of at most a few KB.</summary>
        public const int MaxBlobSize = RecordStore.MaxPayload + 64;

        private readonly string _folder;

        /// <summary>Blobs under <paramref name="folder"/>, created if missing.</summary>
        public FlashBlobStore(string folder)
        {
            _folder = folder;
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        /// <inheritdoc />
        public byte[] Read(string name)
        {
            string path = PathOf(name);
            if (!File.Exists(path))
            {
                return null;
            }

            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                long length = file.Length;
                if (length > MaxBlobSize)
                {
                    // Report as damaged rather than allocate what a corrupted length says.
                    return new byte[0];
                }

                var data = new byte[(int)length];
                int read = 0;
                while (read < data.Length)
                {
                    int n = file.Read(data, read, data.Length - read);
                    if (n <= 0)
                    {
                        break;
                    }

                    read += n;
                }

                return data;
            }
        }

        /// <inheritdoc />
        public void Write(string name, byte[] data, int offset, int count)
        {
            using (var file = new FileStream(PathOf(name), FileMode.Create, FileAccess.Write))
            {
                file.Write(data, offset, count);
                file.Flush();
            }
        }

        private string PathOf(string name)
        {
            return _folder + "\\" + name;
        }
    }
}
