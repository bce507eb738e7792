namespace Atecc608Driver.Provisioning
{
    /// <summary>
    /// A pre-provisioned Microchip part (Trust&amp;GO, TrustFLEX), recognised by the 8-character code its factory
    /// writes at the start of the OTP zone (facts/atecc608.md §10.4–10.5, CryptoAuthLib tng_atca.c).
    /// Such a part is used as it is: its key slot is already generated and locked.
    /// </summary>
    public sealed class TrustPlatformPart
    {
        /// <summary>Length of the OTP code.</summary>
        public const int CodeLength = 8;

        private TrustPlatformPart(string name, int identityKeySlot, int deviceCertificateSlot)
        {
            Name = name;
            IdentityKeySlot = identityKeySlot;
            DeviceCertificateSlot = deviceCertificateSlot;
        }

        /// <summary>Product family, e.g. "Trust&amp;GO TLS".</summary>
        public string Name { get; }

        /// <summary>Slot of the factory-generated device key.</summary>
        public int IdentityKeySlot { get; }

        /// <summary>Slot of the 72-byte compressed device certificate.</summary>
        public int DeviceCertificateSlot { get; }

        /// <summary>The part whose OTP zone starts with <paramref name="otp"/>, or null if the code is unknown.</summary>
        public static TrustPlatformPart Identify(byte[] otp, int offset)
        {
            if (otp == null || offset < 0 || offset > otp.Length - CodeLength)
            {
                return null;
            }

            var chars = new char[CodeLength];
            for (int i = 0; i < CodeLength; i++)
            {
                chars[i] = (char)otp[offset + i];
            }

            string code = new string(chars);
            switch (code)
            {
                case "wdNxAjae":
                case "Rsuy5YJh":
                case "KQp2ZkD8":
                case "x6tjuZMy":
                    return new TrustPlatformPart("Trust&GO TLS", 0, 10);
                case "MKMwyhP1":
                    return new TrustPlatformPart("TrustFLEX TLS", 0, 10);
                case "BxZvm6q2":
                case "jsMu7iYO":
                case "09qJNxI3":
                    return new TrustPlatformPart("Trust&GO LoRaWAN", 1, 8);
                default:
                    return null;
            }
        }
    }
}
