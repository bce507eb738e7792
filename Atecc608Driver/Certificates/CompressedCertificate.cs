using System;

namespace Atecc608Driver.Certificates
{
    /// <summary>
    /// The 72-byte compressed certificate a Microchip Trust&amp;GO part (and our own factory) stores in a data slot
    /// (facts/atecc608.md §10.1; CryptoAuthLib atcacert.h, atcacert_def.c).
    /// </summary>
    /// <remarks>
    /// <code>
    /// 0–63   signature R‖S (P-256, big-endian)
    /// 64–66  encoded dates (see CompressedDate)
    /// 67–68  signer id (inserted in the certificate as 4 uppercase hex characters)
    /// 69     template id (high nibble) ‖ chain id (low nibble)
    /// 70     serial-number source (high nibble) ‖ format version (low nibble: 0, 1 extended dates, 2 bigger curves)
    /// 71     version 0: reserved; versions 1, 2: extended date bits 7:4, reserved 3:0
    /// </code>
    /// </remarks>
    public sealed class CompressedCertificate
    {
        /// <summary>Length of a compressed certificate (§10.1; CryptoAuthLib ATCACERT_COMP_CERT_MAX_SIZE).</summary>
        public const int Size = 72;

        /// <summary>Length of the P-256 signature R‖S at bytes 0–63 (§10.1).</summary>
        public const int SignatureLength = 64;

        /// <summary>Offset of the encoded dates (§10.1).</summary>
        public const int DatesOffset = 64;

        /// <summary>Offset of the 2-byte signer id (§10.1).</summary>
        public const int SignerIdOffset = 67;

        /// <summary>Offset of the template id / chain id byte (§10.1).</summary>
        public const int TemplateChainOffset = 69;

        /// <summary>Offset of the serial-number source / format version byte (§10.1).</summary>
        public const int SourceFormatOffset = 70;

        /// <summary>Offset of byte 71: extended date bits (versions 1, 2) and reserved bits (§10.1).</summary>
        public const int ExtensionOffset = 71;

        /// <summary>Highest format version known: 2, bigger curves (§10.1; CryptoAuthLib FORMAT_VERSION_2).</summary>
        public const int MaxFormatVersion = 2;

        private readonly byte[] _signature;

        /// <summary>Creates a compressed certificate from its fields.</summary>
        /// <param name="signature">R‖S, 64 bytes (copied).</param>
        /// <param name="dates">Issue date and expire years.</param>
        /// <param name="signerId">Signer id, 0–0xFFFF (bytes 67–68, big-endian).</param>
        /// <param name="templateId">Template id, 0–15.</param>
        /// <param name="chainId">Chain id, 0–15.</param>
        /// <param name="serialNumberSource">Serial-number source (§10.2).</param>
        /// <param name="formatVersion">0, 1 or 2; must hold <paramref name="dates"/>.</param>
        /// <param name="reserved">The reserved bits of byte 71: the whole byte for version 0, the low nibble otherwise.</param>
        /// <exception cref="CertificateException">Any field out of range.</exception>
        public CompressedCertificate(byte[] signature, CompressedDate dates, int signerId, int templateId, int chainId,
            SerialNumberSource serialNumberSource, int formatVersion, byte reserved)
        {
            if (signature == null || signature.Length != SignatureLength)
            {
                throw new CertificateException(CertificateError.BadSignature,
                    "a compressed certificate holds a 64-byte R‖S, got " + (signature == null ? "none" : signature.Length + " bytes"));
            }

            if (dates == null)
            {
                throw new CertificateException(CertificateError.InvalidArgument, "no dates");
            }

            CheckField(signerId, 0xFFFF, "signer id");
            CheckField(templateId, 0x0F, "template id");
            CheckField(chainId, 0x0F, "chain id");
            CheckField((int)serialNumberSource, 0x0F, "serial-number source");
            if (formatVersion < 0 || formatVersion > MaxFormatVersion)
            {
                throw new CertificateException(CertificateError.UnsupportedFormat,
                    "format version " + formatVersion + " is unknown (0, 1, 2)");
            }

            if (formatVersion < dates.RequiredFormatVersion)
            {
                throw new CertificateException(CertificateError.DateOutOfRange,
                    "issue " + dates.Issue.ToString() + " with " + dates.ExpireYears + " expire years needs format version 1");
            }

            if (formatVersion != 0 && (reserved & 0xF0) != 0)
            {
                throw new CertificateException(CertificateError.InvalidArgument,
                    "reserved bits 0x" + reserved.ToString("X2") + " overlap the extended date bits of byte 71");
            }

            _signature = new byte[SignatureLength];
            Array.Copy(signature, _signature, SignatureLength);
            Dates = dates;
            SignerId = signerId;
            TemplateId = templateId;
            ChainId = chainId;
            SerialNumberSource = serialNumberSource;
            FormatVersion = formatVersion;
            Reserved = reserved;
        }

        /// <summary>Issue date and expire years (bytes 64–66, and byte 71 from version 1).</summary>
        public CompressedDate Dates { get; }

        /// <summary>Signer id, 0–0xFFFF (bytes 67–68, big-endian).</summary>
        public int SignerId { get; }

        /// <summary>Template id, the high nibble of byte 69.</summary>
        public int TemplateId { get; }

        /// <summary>Chain id, the low nibble of byte 69.</summary>
        public int ChainId { get; }

        /// <summary>Serial-number source, the high nibble of byte 70 (§10.2).</summary>
        public SerialNumberSource SerialNumberSource { get; }

        /// <summary>Format version, the low nibble of byte 70: 0, 1 (extended dates) or 2 (bigger curves).</summary>
        public int FormatVersion { get; }

        /// <summary>Reserved bits of byte 71: the whole byte for version 0, the low nibble for versions 1 and 2.</summary>
        public byte Reserved { get; }

        /// <summary>A copy of the signature R‖S (64 bytes).</summary>
        public byte[] GetSignature()
        {
            var copy = new byte[SignatureLength];
            Array.Copy(_signature, copy, SignatureLength);
            return copy;
        }

        /// <summary>Copies the signature R‖S (64 bytes) to <paramref name="buffer"/> at <paramref name="offset"/>.</summary>
        public void CopySignature(byte[] buffer, int offset)
        {
            CheckRange(buffer, offset, SignatureLength, "signature");
            Array.Copy(_signature, 0, buffer, offset, SignatureLength);
        }

        /// <summary>Decodes the 72 bytes at <paramref name="offset"/>; <paramref name="count"/> must be 72.</summary>
        /// <exception cref="CertificateException">
        /// <see cref="CertificateError.CompressedLength"/> for a count other than 72;
        /// <see cref="CertificateError.UnsupportedFormat"/> for a format version above 2;
        /// <see cref="CertificateError.InvalidDate"/> for impossible date fields;
        /// <see cref="CertificateError.InvalidArgument"/> for a range outside the buffer.
        /// </exception>
        public static CompressedCertificate Decode(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new CertificateException(CertificateError.InvalidArgument, "no compressed certificate");
            }

            if (count != Size)
            {
                throw new CertificateException(CertificateError.CompressedLength,
                    "a compressed certificate is " + Size + " bytes, got " + count);
            }

            CheckRange(buffer, offset, count, "compressed certificate");
            int format = buffer[offset + SourceFormatOffset] & 0x0F;
            if (format > MaxFormatVersion)
            {
                throw new CertificateException(CertificateError.UnsupportedFormat,
                    "compressed certificate format version " + format + " is unknown (0, 1, 2)");
            }

            byte byte71 = buffer[offset + ExtensionOffset];
            CompressedDate dates = CompressedDate.Decode(buffer, offset + DatesOffset, format, byte71);
            var signature = new byte[SignatureLength];
            Array.Copy(buffer, offset, signature, 0, SignatureLength);
            int signerId = (buffer[offset + SignerIdOffset] << 8) | buffer[offset + SignerIdOffset + 1];
            int templateChain = buffer[offset + TemplateChainOffset];
            var source = (SerialNumberSource)(buffer[offset + SourceFormatOffset] >> 4);
            byte reserved = format == 0 ? byte71 : (byte)(byte71 & 0x0F);
            return new CompressedCertificate(signature, dates, signerId, templateChain >> 4, templateChain & 0x0F, source, format, reserved);
        }

        /// <summary>Writes the 72 bytes at <paramref name="offset"/>.</summary>
        /// <exception cref="CertificateException"><see cref="CertificateError.InvalidArgument"/> for a range outside the buffer.</exception>
        public void Encode(byte[] buffer, int offset)
        {
            CheckRange(buffer, offset, Size, "compressed certificate");
            Array.Copy(_signature, 0, buffer, offset, SignatureLength);
            Dates.Encode(buffer, offset + DatesOffset, FormatVersion);
            buffer[offset + SignerIdOffset] = (byte)(SignerId >> 8);
            buffer[offset + SignerIdOffset + 1] = (byte)SignerId;
            buffer[offset + TemplateChainOffset] = (byte)((TemplateId << 4) | ChainId);
            buffer[offset + SourceFormatOffset] = (byte)(((int)SerialNumberSource << 4) | FormatVersion);
            buffer[offset + ExtensionOffset] = FormatVersion == 0 ? Reserved : (byte)(Dates.ExtensionBits | Reserved);
        }

        /// <summary>The 72 bytes as a new array.</summary>
        public byte[] ToArray()
        {
            var bytes = new byte[Size];
            Encode(bytes, 0);
            return bytes;
        }

        /// <summary>The CryptoAuthLib name of a serial-number source, for messages (Enum.ToString gives numbers on nanoFramework).</summary>
        public static string SourceName(SerialNumberSource source)
        {
            switch (source)
            {
                case SerialNumberSource.Stored: return "STORED";
                case SerialNumberSource.StoredDynamic: return "STORED_DYNAMIC";
                case SerialNumberSource.DeviceSn: return "DEVICE_SN";
                case SerialNumberSource.SignerId: return "SIGNER_ID";
                case SerialNumberSource.PublicKeyHash: return "PUB_KEY_HASH";
                case SerialNumberSource.DeviceSnHash: return "DEVICE_SN_HASH";
                case SerialNumberSource.PublicKeyHashPositive: return "PUB_KEY_HASH_POS";
                case SerialNumberSource.DeviceSnHashPositive: return "DEVICE_SN_HASH_POS";
                case SerialNumberSource.PublicKeyHashRaw: return "PUB_KEY_HASH_RAW";
                case SerialNumberSource.DeviceSnHashRaw: return "DEVICE_SN_HASH_RAW";
                default: return "source 0x" + ((int)source).ToString("X");
            }
        }

        internal static void CheckRange(byte[] buffer, int offset, int count, string what)
        {
            if (buffer == null)
            {
                throw new CertificateException(CertificateError.InvalidArgument, "no buffer for the " + what);
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new CertificateException(CertificateError.InvalidArgument,
                    what + " range " + offset + "+" + count + " is outside a " + buffer.Length + "-byte buffer");
            }
        }

        private static void CheckField(int value, int max, string field)
        {
            if (value < 0 || value > max)
            {
                throw new CertificateException(CertificateError.InvalidArgument,
                    field + " " + value + " is outside 0–" + max);
            }
        }
    }
}
