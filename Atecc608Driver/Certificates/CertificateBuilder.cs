using System;

namespace Atecc608Driver.Certificates
{
    /// <summary>
    /// Rebuilds a full DER X.509 certificate from its 72-byte compressed form, the subject's public key and the
    /// certificate definition, and compresses a full certificate back to the 72 bytes (facts/atecc608.md §10.3;
    /// CryptoAuthLib <c>atcacert_read_cert</c> and <c>atcacert_get_comp_cert</c>).
    /// </summary>
    /// <remarks>
    /// Pure code: the caller reads the compressed certificate and the public key from the chip (or its factory
    /// database) and supplies the hash port. Each call allocates the result and a few small scratch arrays; the
    /// template is never modified.
    /// </remarks>
    public static class CertificateBuilder
    {
        /// <summary>Length of the chip's serial number, config bytes 0–3 and 8–12 (§4.4, §10.2).</summary>
        public const int DeviceSerialNumberLength = 9;

        /// <summary>First serial-number byte for DEVICE_SN and SIGNER_ID, and the bit set in PUB_KEY_HASH / DEVICE_SN_HASH (§10.2).</summary>
        public const byte SerialNumberPrefix = 0x40;

        /// <summary>Length of a SHA-256 digest.</summary>
        public const int Sha256Length = 32;

        /// <summary>Uncompressed-point marker in front of X‖Y, hashed for key identifiers (§7.3).</summary>
        public const byte UncompressedPoint = 0x04;

        private const string HexDigits = "0123456789ABCDEF";

        /// <summary>
        /// Rebuilds the certificate whose compressed form is <paramref name="compressed"/> (72 bytes).
        /// </summary>
        /// <param name="definition">The certificate definition (template, element locations, ids).</param>
        /// <param name="compressed">The 72-byte compressed certificate, e.g. read from a Trust&amp;GO slot.</param>
        /// <param name="subjectPublicKey">The certificate's public key X‖Y (64 bytes), e.g. from GenKey on the key slot.</param>
        /// <param name="deviceSerialNumber">The chip's 9-byte serial number for DEVICE_SN and DEVICE_SN_HASH sources; otherwise may be null.</param>
        /// <param name="hashes">SHA-256 / SHA-1; may be null only when the definition has no key ids and a non-hash serial number.</param>
        /// <returns>The full DER certificate.</returns>
        /// <exception cref="CertificateException">
        /// <see cref="CertificateError.WrongDefinition"/> when the compressed certificate's template id, chain id or
        /// serial-number source differ from the definition's; <see cref="CertificateError.MissingSerialNumber"/> for
        /// STORED (use the overload with a stored serial number) or a missing device serial number; any other
        /// <see cref="CertificateError"/> for malformed inputs.
        /// </exception>
        public static byte[] Rebuild(CertificateDefinition definition, byte[] compressed, byte[] subjectPublicKey,
            byte[] deviceSerialNumber, ICertificateHashes hashes)
        {
            return Rebuild(definition, compressed, subjectPublicKey, deviceSerialNumber, null, hashes);
        }

        /// <summary>
        /// Rebuilds the certificate as <see cref="Rebuild(CertificateDefinition, byte[], byte[], byte[], ICertificateHashes)"/>,
        /// with the serial number for a STORED source read from the device by the caller.
        /// </summary>
        /// <param name="definition">The certificate definition.</param>
        /// <param name="compressed">The 72-byte compressed certificate.</param>
        /// <param name="subjectPublicKey">The certificate's public key X‖Y (64 bytes).</param>
        /// <param name="deviceSerialNumber">The chip's 9-byte serial number, or null when the source does not use it.</param>
        /// <param name="storedSerialNumber">The serial number's value bytes for the STORED source (the template's length), or null.</param>
        /// <param name="hashes">SHA-256 / SHA-1 port.</param>
        public static byte[] Rebuild(CertificateDefinition definition, byte[] compressed, byte[] subjectPublicKey,
            byte[] deviceSerialNumber, byte[] storedSerialNumber, ICertificateHashes hashes)
        {
            if (definition == null)
            {
                throw new CertificateException(CertificateError.InvalidArgument, "no certificate definition");
            }

            definition.Validate();
            if (compressed == null)
            {
                throw new CertificateException(CertificateError.InvalidArgument, "no compressed certificate");
            }

            CompressedCertificate compressedCert = CompressedCertificate.Decode(compressed, 0, compressed.Length);
            CheckMatches(definition, compressedCert);
            CheckPublicKey(subjectPublicKey, "subject");

            byte[] template = definition.Template;
            int templateHeader = definition.TbsCertificate.Offset;
            int signatureOffset = definition.Signature.Offset;
            int bodyLength = signatureOffset - templateHeader;   // TBS and signatureAlgorithm, unchanged in size
            byte[] signature = DerSignature.EncodeBitString(compressed, 0);
            int contentLength = bodyLength + signature.Length;
            if (contentLength > DerLength.MaxValue)
            {
                throw new CertificateException(CertificateError.BadDefinition, "certificate of " + contentLength + " bytes exceeds 2-byte DER lengths");
            }

            // The outer length may change size (e.g. 255 → 256 bytes), so everything after it moves by `shift`.
            int header = 1 + DerLength.SizeOf(contentLength);
            int shift = header - templateHeader;
            var cert = new byte[header + contentLength];
            cert[0] = 0x30;
            DerLength.Write(contentLength, cert, 1);
            Array.Copy(template, templateHeader, cert, header, bodyLength);
            Array.Copy(signature, 0, cert, header + bodyLength, signature.Length);

            Put(cert, definition.PublicKey, shift, subjectPublicKey);
            if (definition.SubjectKeyId.IsPresent)
            {
                Put(cert, definition.SubjectKeyId, shift, KeyId(subjectPublicKey, hashes));
            }

            if (definition.AuthorityKeyId.IsPresent && definition.CaPublicKey != null)
            {
                Put(cert, definition.AuthorityKeyId, shift, KeyId(definition.CaPublicKey, hashes));
            }

            CompressedDate dates = compressedCert.Dates;
            if (definition.IssueDate.IsPresent)
            {
                dates.Issue.Write(definition.IssueDateFormat, cert, definition.IssueDate.Offset + shift);
            }

            if (definition.ExpireDate.IsPresent)
            {
                dates.Expire(definition.ExpireDateFormat).Write(definition.ExpireDateFormat, cert, definition.ExpireDate.Offset + shift);
            }

            if (definition.SignerId.IsPresent)
            {
                WriteSignerId(compressedCert.SignerId, cert, definition.SignerId.Offset + shift);
            }

            if (definition.SerialNumber.IsPresent)
            {
                byte[] serial = ComputeSerialNumber(definition, compressed, subjectPublicKey, deviceSerialNumber, storedSerialNumber, hashes);
                Put(cert, definition.SerialNumber, shift, serial);
            }

            return cert;
        }

        /// <summary>
        /// The certificate serial number a definition's source gives (§10.2): STORED the caller's bytes; DEVICE_SN
        /// 0x40 ‖ SN; SIGNER_ID 0x40 ‖ signer id; PUB_KEY_HASH and DEVICE_SN_HASH SHA-256 over X‖Y (or the 9-byte SN)
        /// ‖ compressed bytes 64–66 [‖ byte 71 &amp; 0xF0 from format 1], truncated to the template's length, with
        /// sn[0] &amp;= 0x7F and |= 0x40 (only &amp;= 0x7F for the _POS variants, neither for _RAW).
        /// </summary>
        /// <returns>The serial number's value bytes, as many as the definition's serial-number location.</returns>
        /// <exception cref="CertificateException">As <see cref="Rebuild(CertificateDefinition, byte[], byte[], byte[], byte[], ICertificateHashes)"/>.</exception>
        public static byte[] SerialNumber(CertificateDefinition definition, byte[] compressed, byte[] subjectPublicKey,
            byte[] deviceSerialNumber, byte[] storedSerialNumber, ICertificateHashes hashes)
        {
            if (definition == null)
            {
                throw new CertificateException(CertificateError.InvalidArgument, "no certificate definition");
            }

            definition.Validate();
            if (compressed == null || compressed.Length != CompressedCertificate.Size)
            {
                throw new CertificateException(CertificateError.CompressedLength,
                    "a compressed certificate is 72 bytes, got " + (compressed == null ? "none" : compressed.Length.ToString()));
            }

            return ComputeSerialNumber(definition, compressed, subjectPublicKey, deviceSerialNumber, storedSerialNumber, hashes);
        }

        private static byte[] ComputeSerialNumber(CertificateDefinition definition, byte[] compressed, byte[] subjectPublicKey,
            byte[] deviceSerialNumber, byte[] storedSerialNumber, ICertificateHashes hashes)
        {
            int length = definition.SerialNumber.Count;
            SerialNumberSource source = definition.SerialNumberSource;
            var serial = new byte[length];
            if (length == 0)
            {
                return serial;
            }

            switch (source)
            {
                case SerialNumberSource.Stored:
                    if (storedSerialNumber == null || storedSerialNumber.Length != length)
                    {
                        throw new CertificateException(CertificateError.MissingSerialNumber,
                            "source STORED needs the " + length + "-byte serial number stored on the device, got "
                            + (storedSerialNumber == null ? "none" : storedSerialNumber.Length + " bytes"));
                    }

                    Array.Copy(storedSerialNumber, serial, length);
                    return serial;

                case SerialNumberSource.DeviceSn:
                    CheckDeviceSerialNumber(deviceSerialNumber, source);
                    serial[0] = SerialNumberPrefix;
                    Array.Copy(deviceSerialNumber, 0, serial, 1, DeviceSerialNumberLength);
                    return serial;

                case SerialNumberSource.SignerId:
                    serial[0] = SerialNumberPrefix;
                    serial[1] = compressed[CompressedCertificate.SignerIdOffset];
                    serial[2] = compressed[CompressedCertificate.SignerIdOffset + 1];
                    return serial;
            }

            // Hashed sources: message = key X‖Y or device SN, then the encoded dates as stored (§10.2).
            int format = compressed[CompressedCertificate.SourceFormatOffset] & 0x0F;
            int prefixLength;
            byte[] prefix;
            if (CertificateDefinition.IsPublicKeyHash(source))
            {
                CheckPublicKey(subjectPublicKey, "subject");
                prefix = subjectPublicKey;
                prefixLength = CertificateDefinition.PublicKeyLength;
            }
            else
            {
                CheckDeviceSerialNumber(deviceSerialNumber, source);
                prefix = deviceSerialNumber;
                prefixLength = DeviceSerialNumberLength;
            }

            int messageLength = prefixLength + CompressedDate.EncodedLength + (format == 0 ? 0 : 1);
            var message = new byte[messageLength];
            Array.Copy(prefix, message, prefixLength);
            Array.Copy(compressed, CompressedCertificate.DatesOffset, message, prefixLength, CompressedDate.EncodedLength);
            if (format != 0)
            {
                message[messageLength - 1] = (byte)(compressed[CompressedCertificate.ExtensionOffset] & 0xF0);
            }

            byte[] digest = CheckDigest(Hashes(hashes).Sha256(message, 0, messageLength), Sha256Length, "SHA-256");
            Array.Copy(digest, serial, length);
            if (source != SerialNumberSource.PublicKeyHashRaw && source != SerialNumberSource.DeviceSnHashRaw)
            {
                serial[0] &= 0x7F;   // positive INTEGER
            }

            if (source == SerialNumberSource.PublicKeyHash || source == SerialNumberSource.DeviceSnHash)
            {
                serial[0] |= SerialNumberPrefix;   // no leading byte DER could trim
            }

            return serial;
        }

        /// <summary>
        /// Compresses a full certificate that follows <paramref name="definition"/>: R‖S from its signature (each
        /// left-padded to 32 bytes), its dates, its signer id, and the definition's ids. Format version 1 when the
        /// dates need it, otherwise 0. The inverse of <see cref="Rebuild(CertificateDefinition, byte[], byte[], byte[], ICertificateHashes)"/>;
        /// to be sure a certificate rebuilds byte for byte, rebuild the result and compare.
        /// </summary>
        /// <returns>The 72-byte compressed certificate.</returns>
        /// <exception cref="CertificateException">
        /// <see cref="CertificateError.MalformedCertificate"/> when the certificate's DER or any byte outside the
        /// definition's variable elements differs from the template; <see cref="CertificateError.BadSignature"/>,
        /// <see cref="CertificateError.InvalidDate"/>, <see cref="CertificateError.DateNotEncodable"/>,
        /// <see cref="CertificateError.DateOutOfRange"/>, <see cref="CertificateError.BadSignerId"/> for elements the
        /// compressed form cannot hold exactly.
        /// </exception>
        public static byte[] Compress(CertificateDefinition definition, byte[] certificate)
        {
            if (definition == null)
            {
                throw new CertificateException(CertificateError.InvalidArgument, "no certificate definition");
            }

            definition.Validate();
            CertificateLocation tbs = FindTbsCertificate(certificate);
            if (tbs.Count != definition.TbsCertificate.Count)
            {
                throw new CertificateException(CertificateError.MalformedCertificate,
                    "TBS certificate is " + tbs.Count + " bytes, the template's " + definition.TbsCertificate.Count + ": the certificate does not follow this definition");
            }

            int shift = tbs.Offset - definition.TbsCertificate.Offset;
            int signatureOffset = definition.Signature.Offset + shift;
            CheckFixedBytes(definition, certificate, shift);
            var raw = new byte[DerSignature.RawLength];
            DerSignature.DecodeBitString(certificate, signatureOffset, certificate.Length - signatureOffset, raw, 0);

            CertificateTime issue = definition.IssueDate.IsPresent
                ? CertificateTime.Parse(definition.IssueDateFormat, certificate, definition.IssueDate.Offset + shift, definition.IssueDate.Count)
                : new CertificateTime(CompressedDate.BaseYear, 1, 1, 0, 0, 0);   // CryptoAuthLib's default issue date
            CompressedDate dates = definition.ExpireDate.IsPresent
                ? CompressedDate.FromValidity(issue, CertificateTime.Parse(definition.ExpireDateFormat, certificate, definition.ExpireDate.Offset + shift, definition.ExpireDate.Count), definition.ExpireDateFormat)
                : new CompressedDate(issue, definition.ExpireYears);
            int signerId = definition.SignerId.IsPresent ? ReadSignerId(certificate, definition.SignerId.Offset + shift) : 0;

            var compressed = new CompressedCertificate(raw, dates, signerId, definition.TemplateId, definition.ChainId,
                definition.SerialNumberSource, dates.RequiredFormatVersion, 0);
            return compressed.ToArray();
        }

        /// <summary>
        /// Where the TBS certificate (the signed part) sits in a DER certificate: the first element of the outer
        /// SEQUENCE, tag to end. Verify a rebuilt certificate by checking the signature over these bytes with the
        /// signer's public key.
        /// </summary>
        /// <exception cref="CertificateException"><see cref="CertificateError.MalformedCertificate"/> when the headers do not parse or do not fit.</exception>
        public static CertificateLocation FindTbsCertificate(byte[] certificate)
        {
            if (certificate == null)
            {
                throw new CertificateException(CertificateError.InvalidArgument, "no certificate");
            }

            int header;
            int length = DerLength.ReadHeader(certificate, 0, certificate.Length, 0x30, "certificate SEQUENCE", CertificateError.MalformedCertificate, out header);
            if (header + length != certificate.Length)
            {
                throw new CertificateException(CertificateError.MalformedCertificate,
                    "certificate SEQUENCE covers " + (header + length) + " bytes of " + certificate.Length);
            }

            int tbsHeader;
            int tbsLength = DerLength.ReadHeader(certificate, header, certificate.Length, 0x30, "TBS certificate", CertificateError.MalformedCertificate, out tbsHeader);
            return new CertificateLocation(header, tbsHeader + tbsLength);
        }

        private static void CheckMatches(CertificateDefinition definition, CompressedCertificate compressed)
        {
            if (compressed.TemplateId != definition.TemplateId || compressed.ChainId != definition.ChainId
                || compressed.SerialNumberSource != definition.SerialNumberSource)
            {
                throw new CertificateException(CertificateError.WrongDefinition,
                    "compressed certificate has template " + compressed.TemplateId + ", chain " + compressed.ChainId + ", serial "
                    + CompressedCertificate.SourceName(compressed.SerialNumberSource) + "; the definition expects template "
                    + definition.TemplateId + ", chain " + definition.ChainId + ", serial " + CompressedCertificate.SourceName(definition.SerialNumberSource));
            }
        }

        /// <summary>Every byte of the TBS and signatureAlgorithm outside the variable elements must equal the template's.</summary>
        private static void CheckFixedBytes(CertificateDefinition definition, byte[] certificate, int shift)
        {
            byte[] template = definition.Template;
            int start = definition.TbsCertificate.Offset;
            int end = definition.Signature.Offset;
            if (end + shift > certificate.Length)
            {
                throw new CertificateException(CertificateError.MalformedCertificate, "certificate ends before its signature");
            }

            for (int i = start; i < end; i++)
            {
                if (template[i] != certificate[i + shift] && !IsVariable(definition, i))
                {
                    throw new CertificateException(CertificateError.MalformedCertificate,
                        "certificate differs from the template at offset " + (i + shift) + ", outside every variable element: it would not rebuild from the compressed form");
                }
            }
        }

        private static bool IsVariable(CertificateDefinition definition, int offset)
        {
            return In(definition.SerialNumber, offset) || In(definition.IssueDate, offset) || In(definition.ExpireDate, offset)
                || In(definition.SignerId, offset) || In(definition.PublicKey, offset) || In(definition.SubjectKeyId, offset)
                || (definition.CaPublicKey != null && In(definition.AuthorityKeyId, offset));
        }

        private static bool In(CertificateLocation location, int offset)
        {
            return offset >= location.Offset && offset < location.Offset + location.Count;
        }

        private static void Put(byte[] cert, CertificateLocation location, int shift, byte[] data)
        {
            // Validate() placed every element inside the TBS, which the rebuilt certificate copies whole.
            Array.Copy(data, 0, cert, location.Offset + shift, location.Count);
        }

        private static byte[] KeyId(byte[] publicKey, ICertificateHashes hashes)
        {
            var point = new byte[1 + CertificateDefinition.PublicKeyLength];
            point[0] = UncompressedPoint;
            Array.Copy(publicKey, 0, point, 1, CertificateDefinition.PublicKeyLength);
            return CheckDigest(Hashes(hashes).Sha1(point, 0, point.Length), CertificateDefinition.KeyIdLength, "SHA-1");
        }

        private static void WriteSignerId(int signerId, byte[] cert, int offset)
        {
            cert[offset] = (byte)HexDigits[(signerId >> 12) & 0x0F];
            cert[offset + 1] = (byte)HexDigits[(signerId >> 8) & 0x0F];
            cert[offset + 2] = (byte)HexDigits[(signerId >> 4) & 0x0F];
            cert[offset + 3] = (byte)HexDigits[signerId & 0x0F];
        }

        private static int ReadSignerId(byte[] cert, int offset)
        {
            int value = 0;
            for (int i = 0; i < CertificateDefinition.SignerIdLength; i++)
            {
                int c = cert[offset + i];
                int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (digit < 0)
                {
                    throw new CertificateException(CertificateError.BadSignerId,
                        "signer id byte 0x" + c.ToString("X2") + " at offset " + (offset + i) + " is not an uppercase hex digit; the rebuilt certificate would differ");
                }

                value = (value << 4) | digit;
            }

            return value;
        }

        private static void CheckPublicKey(byte[] key, string whose)
        {
            if (key == null || key.Length != CertificateDefinition.PublicKeyLength)
            {
                throw new CertificateException(CertificateError.BadPublicKey,
                    whose + " public key must be 64 bytes X‖Y, got " + (key == null ? "none" : key.Length + " bytes"));
            }
        }

        private static void CheckDeviceSerialNumber(byte[] serialNumber, SerialNumberSource source)
        {
            if (serialNumber == null || serialNumber.Length != DeviceSerialNumberLength)
            {
                throw new CertificateException(CertificateError.MissingSerialNumber,
                    "source " + CompressedCertificate.SourceName(source) + " needs the chip's 9-byte serial number, got "
                    + (serialNumber == null ? "none" : serialNumber.Length + " bytes"));
            }
        }

        private static ICertificateHashes Hashes(ICertificateHashes hashes)
        {
            if (hashes == null)
            {
                throw new CertificateException(CertificateError.InvalidArgument, "the definition needs hashing but no ICertificateHashes was given");
            }

            return hashes;
        }

        private static byte[] CheckDigest(byte[] digest, int length, string name)
        {
            if (digest == null || digest.Length != length)
            {
                throw new CertificateException(CertificateError.BadHash,
                    name + " port returned " + (digest == null ? "nothing" : digest.Length + " bytes") + ", expected " + length);
            }

            return digest;
        }
    }
}
