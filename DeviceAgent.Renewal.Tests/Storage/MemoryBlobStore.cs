using System;
using System.Collections;
using DeviceAgent.Storage;

namespace DeviceAgent.Tests.Storage
{
    /// <summary>
    /// An in-memory <see cref="IBlobStore"/> that can cut power in the middle of a write: the blob is left holding
    /// only a prefix of the new bytes (truncating file systems) or the new prefix over the old bytes (in-place
    /// flash writes), and the write throws <see cref="PowerCutException"/>.
    /// </summary>
    internal sealed class MemoryBlobStore : IBlobStore
    {
        // Names and blobs side by side: Hashtable is not in mscorlib (nanoFramework.System.Collections).
        private readonly ArrayList _names = new ArrayList();
        private readonly ArrayList _contents = new ArrayList();
        private int _writesUntilCut = -1;
        private int _bytesKept;
        private bool _overOldBytes;

        public int Writes { get; private set; }

        /// <summary>The <paramref name="writeNumber"/>-th write from now keeps only <paramref name="bytesKept"/> new bytes.</summary>
        public void CutPowerDuringWrite(int writeNumber, int bytesKept, bool overOldBytes)
        {
            _writesUntilCut = writeNumber;
            _bytesKept = bytesKept;
            _overOldBytes = overOldBytes;
        }

        public byte[] Read(string name)
        {
            var blob = Get(name);
            return blob == null ? null : (byte[])blob.Clone();
        }

        public void Write(string name, byte[] data, int offset, int count)
        {
            Writes++;
            if (_writesUntilCut > 0 && --_writesUntilCut == 0)
            {
                _writesUntilCut = -1;
                byte[] old = Get(name);
                byte[] torn;
                if (_overOldBytes && old != null && old.Length >= count)
                {
                    torn = (byte[])old.Clone();
                    Array.Copy(data, offset, torn, 0, _bytesKept);
                }
                else
                {
                    torn = new byte[_bytesKept];
                    Array.Copy(data, offset, torn, 0, _bytesKept);
                }

                Put(name, torn);
                throw new PowerCutException();
            }

            var copy = new byte[count];
            Array.Copy(data, offset, copy, 0, count);
            Put(name, copy);
        }

        public void Put(string name, byte[] blob)
        {
            int index = _names.IndexOf(name);
            if (index < 0)
            {
                _names.Add(name);
                _contents.Add(blob);
            }
            else
            {
                _contents[index] = blob;
            }
        }

        public MemoryBlobStore Clone()
        {
            var clone = new MemoryBlobStore();
            for (int i = 0; i < _names.Count; i++)
            {
                clone.Put((string)_names[i], (byte[])((byte[])_contents[i]).Clone());
            }

            return clone;
        }

        /// <summary>Bytes held in all blobs (the flash's share of the heap in a heap measurement).</summary>
        public int TotalBytes()
        {
            int total = 0;
            for (int i = 0; i < _contents.Count; i++)
            {
                total += ((byte[])_contents[i]).Length;
            }

            return total;
        }

        private byte[] Get(string name)
        {
            int index = _names.IndexOf(name);
            return index < 0 ? null : (byte[])_contents[index];
        }
    }

    internal sealed class PowerCutException : Exception
    {
    }
}
