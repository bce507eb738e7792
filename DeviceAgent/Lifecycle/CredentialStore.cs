using System;
using DeviceAgent.Renewal;
using DeviceAgent.Storage;

namespace DeviceAgent.Lifecycle
{
    /// <summary>
    /// The device's certificates and its prepared CSR as crash-safe records: <c>cert</c> (current), <c>cand</c>
    /// (candidate) and <c>csr</c>. Each payload is a version byte, the EST operation, the key slot and the DER.
    /// </summary>
    /// <remarks>
    /// The renewal state record is the authority: these records are written before the state that refers to them
    /// (candidate, CSR) or rolled forward from it at boot (a promotion cut between the state write and the
    /// certificate write), so a record the state does not mention is stale and simply overwritten later. Nothing is
    /// deleted: flash wear matters more than a stale kilobyte.
    /// </remarks>
    public sealed class CredentialStore
    {
        /// <summary>Record of the current certificate.</summary>
        public const string CurrentName = "cert";

        /// <summary>Record of the candidate certificate.</summary>
        public const string CandidateName = "cand";

        /// <summary>Record of the prepared CSR.</summary>
        public const string CsrName = "csr";

        /// <summary>
        /// Largest DER kept: a P-256 device certificate is 500–800 bytes; 2 KB leaves room for long names and
        /// extensions while two copies of every record still fit a 4 KB flash sector.
        /// </summary>
        public const int MaxDerLength = 2048;

        private const byte FormatVersion = 1;
        private const int HeaderLength = 3;

        private readonly RecordStore _records;

        /// <summary>Certificates kept in <paramref name="records"/>.</summary>
        public CredentialStore(RecordStore records)
        {
            if (records == null)
            {
                throw new ArgumentNullException(nameof(records));
            }

            _records = records;
        }

        /// <summary>The current certificate record.</summary>
        public StoredItem LoadCurrent()
        {
            return Load(CurrentName);
        }

        /// <summary>The candidate certificate record.</summary>
        public StoredItem LoadCandidate()
        {
            return Load(CandidateName);
        }

        /// <summary>The prepared CSR record.</summary>
        public StoredItem LoadCsr()
        {
            return Load(CsrName);
        }

        /// <summary>Stores <paramref name="der"/> as the current certificate for the key in <paramref name="keySlot"/>.</summary>
        public void SaveCurrent(int keySlot, byte[] der)
        {
            Save(CurrentName, EnrollmentKind.Reenroll, keySlot, der);
        }

        /// <summary>Stores <paramref name="der"/> as the candidate certificate for the key in <paramref name="keySlot"/>.</summary>
        public void SaveCandidate(int keySlot, byte[] der)
        {
            Save(CandidateName, EnrollmentKind.Reenroll, keySlot, der);
        }

        /// <summary>Stores a signed CSR for <paramref name="kind"/> on the key in <paramref name="keySlot"/>.</summary>
        public void SaveCsr(EnrollmentKind kind, int keySlot, byte[] der)
        {
            Save(CsrName, kind, keySlot, der);
        }

        private StoredItem Load(string name)
        {
            RecordLoad load = _records.Load(name);
            byte[] p = load.Payload;
            if (p == null)
            {
                return new StoredItem(load.State, EnrollmentKind.Enroll, 0, null);
            }

            if (p.Length <= HeaderLength || p.Length > HeaderLength + MaxDerLength || p[0] != FormatVersion || p[1] > (byte)EnrollmentKind.Rekey)
            {
                // a valid frame with a payload we never write: damaged in a way the CRC cannot see, or a newer format
                return new StoredItem(RecordState.Corrupt, EnrollmentKind.Enroll, 0, null);
            }

            var der = new byte[p.Length - HeaderLength];
            Array.Copy(p, HeaderLength, der, 0, der.Length);
            return new StoredItem(load.State, (EnrollmentKind)p[1], p[2], der);
        }

        private void Save(string name, EnrollmentKind kind, int keySlot, byte[] der)
        {
            if (der == null || der.Length == 0 || der.Length > MaxDerLength)
            {
                throw new ArgumentException("DER of 1 to " + MaxDerLength + " bytes required", nameof(der));
            }

            if (keySlot < 0 || keySlot > 15)
            {
                throw new ArgumentOutOfRangeException(nameof(keySlot));
            }

            var payload = new byte[HeaderLength + der.Length];
            payload[0] = FormatVersion;
            payload[1] = (byte)kind;
            payload[2] = (byte)keySlot;
            Array.Copy(der, 0, payload, HeaderLength, der.Length);
            _records.Save(name, payload, 0, payload.Length);
        }
    }
}
