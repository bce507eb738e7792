using System;
using System.Collections;

namespace DeviceAgent.Pki
{
    /// <summary>
    /// Checks a certificate chain leaf → issuing CA(s) → trust anchor for a device that holds the anchor and
    /// receives the rest from EST (RFC 5280 §6.1, reduced to what a P-256 PKI needs): each issuer's subject Name
    /// byte-equal to its child's issuer Name, every certificate within its validity at the given time, every
    /// issuer a CA (basicConstraints cA; keyUsage keyCertSign; pathLenConstraint), every signature an
    /// ecdsa-with-SHA256 over the exact tbsCertificate bytes, checked by an <see cref="ISignatureVerifier"/>
    /// (the ATECC608 on the device). Optionally the leaf must allow TLS client authentication.
    /// </summary>
    /// <remarks>
    /// Failures are <see cref="PkiException"/>s with <see cref="PkiError.VerificationFailed"/> (or
    /// <see cref="PkiError.Unsupported"/> for an RSA or non-P-256 link) whose message names the certificate or the
    /// link ("link 0" = leaf signed by the next certificate). The trust anchor's own signature is not checked: it
    /// is trusted by configuration. Policies, name constraints and revocation are not processed. One instance
    /// reuses its SHA-256 state; it is not thread-safe.
    /// </remarks>
    public sealed class ChainValidator
    {
        /// <summary>Longest path accepted, trust anchor included: leaf, three intermediates, anchor.</summary>
        public const int MaxChainLength = 5;

        private readonly ISignatureVerifier _verifier;
        private readonly Sha256 _sha256 = new Sha256();
        private readonly byte[] _digest = new byte[Sha256.HashSize];

        /// <summary>A validator that checks signatures with <paramref name="verifier"/>.</summary>
        public ChainValidator(ISignatureVerifier verifier)
        {
            if (verifier == null)
            {
                throw new ArgumentNullException(nameof(verifier));
            }

            _verifier = verifier;
            RequireCaKeyUsage = true;
        }

        /// <summary>
        /// When true, the leaf must carry extendedKeyUsage with id-kp-clientAuth and, if it has keyUsage,
        /// digitalSignature (what MQTT and EST servers need for TLS client authentication, RFC 5280 §4.2.1.12).
        /// Default false.
        /// </summary>
        public bool RequireClientAuth { get; set; }

        /// <summary>
        /// When true (the default), every issuer must have keyUsage with keyCertSign; when false, keyUsage may be
        /// absent but must include keyCertSign when present (RFC 5280 §6.1.4 (n)).
        /// </summary>
        public bool RequireCaKeyUsage { get; set; }

        /// <summary>
        /// Builds the path from <paramref name="leaf"/> through <paramref name="intermediates"/> (any order, may be
        /// null; extra certificates are ignored) to <paramref name="trustAnchor"/>, then checks it as
        /// <see cref="ValidatePath"/> does. An issuer is found by Name and, when both key identifiers are present,
        /// by authorityKeyIdentifier = subjectKeyIdentifier (RFC 5280 §4.2.1.1), which tells CA key rollover
        /// certificates with the same Name apart.
        /// </summary>
        /// <returns>The path (<see cref="Certificate"/>s, leaf first, trust anchor last).</returns>
        public ArrayList Validate(Certificate leaf, ArrayList intermediates, Certificate trustAnchor, DateTime time)
        {
            if (leaf == null || trustAnchor == null)
            {
                throw new ArgumentNullException(leaf == null ? nameof(leaf) : nameof(trustAnchor));
            }

            var path = new ArrayList();
            path.Add(leaf);
            Certificate current = leaf;
            while (!IsIssuerCandidate(current, trustAnchor))
            {
                Certificate next = FindIssuer(current, intermediates, path);
                if (next == null)
                {
                    throw new PkiException(PkiError.VerificationFailed, -1, "certificate " + (path.Count - 1) + " (" + current
                        + "): its issuer (" + current.Issuer + ") is neither the trust anchor nor among the certificates given");
                }

                if (path.Count + 1 >= MaxChainLength)
                {
                    throw new PkiException(PkiError.VerificationFailed, -1, "chain longer than " + MaxChainLength + " certificates");
                }

                path.Add(next);
                current = next;
            }

            path.Add(trustAnchor);
            ValidatePath(path, time);
            return path;
        }

        /// <summary>
        /// Checks an ordered path (<see cref="Certificate"/>s: leaf first, each certificate issued by the next, the
        /// trust anchor last; 2 to <see cref="MaxChainLength"/> of them) at <paramref name="time"/> (UTC).
        /// </summary>
        /// <exception cref="PkiException">A check failed; the message names which certificate or link.</exception>
        public void ValidatePath(ArrayList path, DateTime time)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            int n = path.Count;
            if (n < 2 || n > MaxChainLength)
            {
                throw new PkiException(PkiError.VerificationFailed, -1, "chain of " + n + " certificates; 2 to " + MaxChainLength + " expected");
            }

            // From the trust anchor down, in the order of RFC 5280 §6.1: each certificate that issues the next one
            // is checked as a CA (and against the path length left) before the link below it.
            CheckValidity((Certificate)path[n - 1], n - 1, time);
            int maxPathLength = int.MaxValue;
            for (int j = n - 1; j >= 1; j--)
            {
                var issuer = (Certificate)path[j];
                var child = (Certificate)path[j - 1];
                CheckIssuer(child, issuer, j - 1);

                // §6.1.4 (l), (m): every non-self-issued intermediate uses up one step of the path length.
                if (j < n - 1 && !issuer.IsSelfIssued)
                {
                    if (maxPathLength <= 0)
                    {
                        throw LinkFailed(PkiError.VerificationFailed, child, issuer, j - 1, "a pathLenConstraint above the issuer is exceeded");
                    }

                    maxPathLength--;
                }

                if (issuer.PathLengthConstraint >= 0 && issuer.PathLengthConstraint < maxPathLength)
                {
                    maxPathLength = issuer.PathLengthConstraint;
                }

                if (!child.Issuer.RawEquals(issuer.Subject))
                {
                    throw LinkFailed(PkiError.VerificationFailed, child, issuer, j - 1, "issuer Name differs from the issuer's subject Name");
                }

                CheckSignature(child, issuer, j - 1);
                CheckValidity(child, j - 1, time);
            }

            if (RequireClientAuth)
            {
                var leaf = (Certificate)path[0];
                if (!leaf.HasExtendedKeyUsage || !leaf.HasClientAuth)
                {
                    throw new PkiException(PkiError.VerificationFailed, -1, "certificate 0 (" + leaf + "): extendedKeyUsage lacks clientAuth");
                }

                if (leaf.HasKeyUsage && (leaf.KeyUsage & X509KeyUsage.DigitalSignature) == 0)
                {
                    throw new PkiException(PkiError.VerificationFailed, -1, "certificate 0 (" + leaf + "): keyUsage lacks digitalSignature");
                }
            }
        }

        private static bool IsIssuerCandidate(Certificate child, Certificate issuer)
        {
            if (!child.Issuer.RawEquals(issuer.Subject))
            {
                return false;
            }

            if (child.AuthorityKeyIdentifierLength < 0 || issuer.SubjectKeyIdentifierLength < 0)
            {
                return true;
            }

            return DerReader.BytesEqual(child.Buffer, child.AuthorityKeyIdentifierOffset, child.AuthorityKeyIdentifierLength,
                issuer.Buffer, issuer.SubjectKeyIdentifierOffset, issuer.SubjectKeyIdentifierLength);
        }

        private static Certificate FindIssuer(Certificate child, ArrayList candidates, ArrayList path)
        {
            if (candidates == null)
            {
                return null;
            }

            for (int i = 0; i < candidates.Count; i++)
            {
                var candidate = (Certificate)candidates[i];
                if (candidate == null || !IsIssuerCandidate(child, candidate) || InPath(candidate, path))
                {
                    continue;
                }

                return candidate;
            }

            return null;
        }

        private static bool InPath(Certificate certificate, ArrayList path)
        {
            for (int i = 0; i < path.Count; i++)
            {
                if (certificate.RawEquals((Certificate)path[i]))
                {
                    return true;
                }
            }

            return false;
        }

        // The message names the link, e.g. "link 0 (CN=device issued by CN=Issuing CA): …"; built only on failure.
        private static PkiException LinkFailed(PkiError error, Certificate child, Certificate issuer, int index, string reason)
        {
            return new PkiException(error, -1, "link " + index + " (" + child + " issued by " + issuer + "): " + reason);
        }

        private void CheckIssuer(Certificate child, Certificate issuer, int index)
        {
            // RFC 5280 §6.1.4 (k): the issuer must be a CA.
            if (!issuer.HasBasicConstraints || !issuer.IsCertificateAuthority)
            {
                throw LinkFailed(PkiError.VerificationFailed, child, issuer, index, "the issuer is not a CA (basicConstraints cA)");
            }

            // §6.1.4 (n): keyCertSign.
            bool keyCertSign = (issuer.KeyUsage & X509KeyUsage.KeyCertSign) != 0;
            if ((issuer.HasKeyUsage || RequireCaKeyUsage) && !keyCertSign)
            {
                throw LinkFailed(PkiError.VerificationFailed, child, issuer, index, "the issuer's keyUsage lacks keyCertSign");
            }
        }

        private void CheckSignature(Certificate child, Certificate issuer, int index)
        {
            if (child.SignatureAlgorithm != SignatureAlgorithm.EcdsaWithSha256 || child.Signature == null)
            {
                throw LinkFailed(PkiError.Unsupported, child, issuer, index, "signature is not ecdsa-with-SHA256 on P-256 (algorithm " + (int)child.SignatureAlgorithm + ")");
            }

            if (issuer.PublicKeyAlgorithm != PublicKeyAlgorithm.EcP256 || issuer.PublicKey == null)
            {
                throw LinkFailed(PkiError.Unsupported, child, issuer, index, "the issuer's key is not an uncompressed P-256 key (algorithm " + (int)issuer.PublicKeyAlgorithm + ")");
            }

            // RFC 5280 §4.1.1.3: the signature covers the DER tbsCertificate exactly as received.
            _sha256.Update(child.Buffer, child.TbsOffset, child.TbsLength);
            _sha256.Final(_digest, 0);
            if (!_verifier.Verify(_digest, child.Signature, issuer.PublicKey))
            {
                throw LinkFailed(PkiError.VerificationFailed, child, issuer, index, "signature does not verify with the issuer's key");
            }
        }

        private static void CheckValidity(Certificate certificate, int index, DateTime time)
        {
            if (time < certificate.NotBefore)
            {
                throw new PkiException(PkiError.VerificationFailed, -1, "certificate " + index + " (" + certificate + "): not valid before " + Format(certificate.NotBefore) + ", time is " + Format(time));
            }

            if (time > certificate.NotAfter)
            {
                throw new PkiException(PkiError.VerificationFailed, -1, "certificate " + index + " (" + certificate + "): expired " + Format(certificate.NotAfter) + ", time is " + Format(time));
            }
        }

        private static string Format(DateTime t)
        {
            return t.Year + "-" + t.Month.ToString("D2") + "-" + t.Day.ToString("D2") + "T" + t.Hour.ToString("D2") + ":"
                + t.Minute.ToString("D2") + ":" + t.Second.ToString("D2") + "Z";
        }
    }
}
