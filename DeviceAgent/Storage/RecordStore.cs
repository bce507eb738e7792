using System;

namespace DeviceAgent.Storage
{
    /// <summary>
    /// Crash-safe named records over an <see cref="IBlobStore"/>: each record is kept as two copies,
    /// <c>name.0</c> and <c>name.1</c>, each framed with a sequence number and a CRC-32 (<see cref="RecordFrame"/>).
    /// A save overwrites the copy that is not the newest valid one, so a power cut at any moment of a write leaves
    /// the previous value readable; a load returns the newest valid copy.
    /// </summary>
    /// <remarks>
    /// Each load reads both copies (a record is a few hundred bytes, and the device loads at boot). Saves need the
    /// current sequence numbers, which a load records; a save before any load loads first.
    /// </remarks>
    public sealed class RecordStore
    {
        /// <summary>Largest payload accepted on write and trusted on read: bounds the heap a load can take.</summary>
        public const int MaxPayload = 4096;

        private const string FirstCopy = ".0";
        private const string SecondCopy = ".1";

        private readonly IBlobStore _blobs;

        /// <summary>Records stored in <paramref name="blobs"/>.</summary>
        public RecordStore(IBlobStore blobs)
        {
            if (blobs == null)
            {
                throw new ArgumentNullException(nameof(blobs));
            }

            _blobs = blobs;
        }

        /// <summary>
        /// The newest valid copy of record <paramref name="name"/>. On <see cref="RecordState.Corrupt"/> or
        /// <see cref="RecordState.Absent"/> the payload is null and the caller decides; nothing is reset here.
        /// </summary>
        public RecordLoad Load(string name)
        {
            CheckName(name);
            byte[] first = _blobs.Read(name + FirstCopy);
            byte[] second = _blobs.Read(name + SecondCopy);
            uint firstSequence;
            uint secondSequence;
            int firstLength;
            int secondLength;
            bool firstValid = RecordFrame.TryDecode(first, MaxPayload, out firstSequence, out firstLength);
            bool secondValid = RecordFrame.TryDecode(second, MaxPayload, out secondSequence, out secondLength);

            if (!firstValid && !secondValid)
            {
                bool anyData = (first != null && first.Length > 0) || (second != null && second.Length > 0);
                return new RecordLoad(anyData ? RecordState.Corrupt : RecordState.Absent, null, 0, -1);
            }

            bool useFirst = firstValid && (!secondValid || IsNewer(firstSequence, secondSequence));
            bool otherDamaged = useFirst
                ? second != null && !secondValid
                : first != null && !firstValid;
            RecordState state = otherDamaged ? RecordState.RecoveredFromOtherCopy : RecordState.Intact;
            byte[] frame = useFirst ? first : second;
            int length = useFirst ? firstLength : secondLength;
            var payload = new byte[length];
            Array.Copy(frame, RecordFrame.HeaderSize, payload, 0, length);
            return new RecordLoad(state, payload, useFirst ? firstSequence : secondSequence, useFirst ? 0 : 1);
        }

        /// <summary>
        /// Stores <paramref name="count"/> bytes as the new value of <paramref name="name"/>, in the copy that does
        /// not hold the newest valid value.
        /// </summary>
        /// <returns>The sequence number written.</returns>
        public uint Save(string name, byte[] payload, int offset, int count)
        {
            CheckName(name);
            if (payload == null)
            {
                throw new ArgumentNullException(nameof(payload));
            }

            if (offset < 0 || count < 0 || offset > payload.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "range outside the payload");
            }

            if (count > MaxPayload)
            {
                throw new ArgumentException("record '" + name + "' of " + count + " bytes exceeds " + MaxPayload);
            }

            RecordLoad current = Load(name);
            uint sequence = current.Sequence + 1;
            int target = current.Copy == 0 ? 1 : 0;
            byte[] frame = RecordFrame.Encode(sequence, payload, offset, count);
            _blobs.Write(name + (target == 0 ? FirstCopy : SecondCopy), frame, 0, frame.Length);
            return sequence;
        }

        /// <summary>Serial-number comparison (RFC 1982): a is newer than b, across a 32-bit wrap.</summary>
        private static bool IsNewer(uint a, uint b)
        {
            return (int)(a - b) > 0;
        }

        private static void CheckName(string name)
        {
            if (name == null || name.Length == 0 || name.Length > 32)
            {
                throw new ArgumentException("record names are 1 to 32 characters");
            }
        }
    }
}
