using DeviceAgent.Renewal;
using DeviceAgent.Storage;

namespace DeviceAgent.Lifecycle
{
    /// <summary>A certificate or CSR as stored by <see cref="CredentialStore"/>, with the key slot it belongs to.</summary>
    public sealed class StoredItem
    {
        internal StoredItem(RecordState state, EnrollmentKind kind, int keySlot, byte[] der)
        {
            State = state;
            Kind = kind;
            KeySlot = keySlot;
            Der = der;
        }

        /// <summary>How the record loaded; <see cref="Der"/> is null unless Intact or RecoveredFromOtherCopy.</summary>
        public RecordState State { get; }

        /// <summary>For a CSR: the operation it was built for.</summary>
        public EnrollmentKind Kind { get; }

        /// <summary>The key slot whose key the certificate or CSR carries.</summary>
        public int KeySlot { get; }

        /// <summary>The DER bytes, or null.</summary>
        public byte[] Der { get; }
    }
}
