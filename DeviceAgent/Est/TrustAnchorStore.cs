using System;
using System.Collections;
using DeviceAgent.Pki;

namespace DeviceAgent.Est
{
    /// <summary>
    /// The device's explicit trust anchor database (RFC 7030 §3.6.1): a few CA certificates from provisioning, the
    /// intermediate CA certificates of the last accepted /cacerts answer, and optional pinned SHA-256 fingerprints.
    /// Never the platform's store, never implicit trust.
    /// </summary>
    /// <remarks>
    /// <para>Rollover (RFC 7030 §4.1.3): a new root enters only through <see cref="AcceptCaCerts"/> when the answer
    /// links it to an anchor already trusted: a NewWithOld certificate (subject = the new root, new key, signed by the
    /// old anchor's key) and a self-signed NewWithNew with the same subject and key. It enters as <em>pending</em>; the
    /// old anchor it replaces goes only when the caller reports that the new one has worked
    /// (<see cref="ConfirmWorked"/>), so a rollover that breaks something can never strand the device.</para>
    /// <para>Bounds: <see cref="MaxAnchors"/> anchors, <see cref="MaxIntermediates"/> intermediates,
    /// <see cref="MaxPinnedFingerprints"/> pins; serialized with <see cref="ToBytes"/> for the RecordStore.</para>
    /// </remarks>
    public sealed class TrustAnchorStore
    {
        /// <summary>Most anchors kept: the current root, its successor during a rollover, and one spare.</summary>
        public const int MaxAnchors = 3;

        /// <summary>Most intermediate CA certificates kept from /cacerts (ChainValidator allows three below the anchor).</summary>
        public const int MaxIntermediates = 4;

        /// <summary>Most pinned SHA-256 fingerprints (RFC 7030 §4.1.1 out-of-band check of a root).</summary>
        public const int MaxPinnedFingerprints = 2;

        /// <summary>Version byte of <see cref="ToBytes"/>.</summary>
        public const byte FormatVersion = 1;

        private const int FlagPending = 1;
        private const int FlagReplaces = 2;

        // Entries: Anchor objects (anchors), Certificate (intermediates), byte[32] (pins).
        private readonly ArrayList _anchors = new ArrayList();
        private readonly ArrayList _intermediates = new ArrayList();
        private readonly ArrayList _pins = new ArrayList();

        /// <summary>Number of anchors (active and pending).</summary>
        public int Count
        {
            get { return _anchors.Count; }
        }

        /// <summary>The intermediate CA certificates (<see cref="Certificate"/>) from the last accepted /cacerts.</summary>
        public ArrayList Intermediates
        {
            get { return _intermediates; }
        }

        /// <summary>Number of pinned fingerprints.</summary>
        public int PinnedCount
        {
            get { return _pins.Count; }
        }

        /// <summary>Anchor <paramref name="index"/> (0..<see cref="Count"/>-1), parsed.</summary>
        public Certificate GetAnchor(int index)
        {
            return ((Anchor)_anchors[index]).Certificate;
        }

        /// <summary>True when anchor <paramref name="index"/> came from a rollover and has not yet been confirmed.</summary>
        public bool IsPending(int index)
        {
            return ((Anchor)_anchors[index]).Pending;
        }

        /// <summary>The DER of every anchor, pending ones included (a linked successor must be usable to prove it works):
        /// what the TLS connector trusts.</summary>
        public byte[][] GetAnchorsDer()
        {
            var result = new byte[_anchors.Count][];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = ((Anchor)_anchors[i]).Der;
            }

            return result;
        }

        /// <summary>Adds an anchor delivered by provisioning (a CA certificate, DER). Already present: no change.</summary>
        /// <exception cref="InvalidOperationException">The store already holds <see cref="MaxAnchors"/> anchors.</exception>
        /// <exception cref="PkiException">Not a CA certificate.</exception>
        public void AddProvisioned(byte[] der)
        {
            if (der == null)
            {
                throw new ArgumentNullException(nameof(der));
            }

            Certificate certificate = ParseCa(Copy(der, 0, der.Length));
            if (IndexOf(certificate) >= 0)
            {
                return;
            }

            if (_anchors.Count >= MaxAnchors)
            {
                throw new InvalidOperationException("trust anchor store full");
            }

            _anchors.Add(new Anchor(certificate, false, null));
        }

        /// <summary>Pins the SHA-256 fingerprint of a CA certificate checked out of band (RFC 7030 §4.1.1): a /cacerts
        /// answer holding a certificate with this fingerprint is accepted, and that certificate becomes an anchor.</summary>
        public void AddPinnedFingerprint(byte[] sha256)
        {
            if (sha256 == null || sha256.Length != Sha256.HashSize)
            {
                throw new ArgumentException("32-byte SHA-256 expected", nameof(sha256));
            }

            if (_pins.Count >= MaxPinnedFingerprints)
            {
                throw new InvalidOperationException("pinned fingerprints full");
            }

            _pins.Add(Copy(sha256, 0, sha256.Length));
        }

        /// <summary>
        /// Checks a /cacerts answer (<see cref="Certificate"/>s in any order) and, when every certificate is trusted,
        /// takes its intermediates and any linked new root. A certificate is trusted when it is an anchor, matches a
        /// pinned fingerprint, chains to a trusted root through the answer's other trusted certificates, or is a
        /// self-signed NewWithNew whose subject and key equal those of a trusted NewWithOld. Validity is checked at
        /// <paramref name="time"/> (the trusted time floor). Returns true when a new anchor was added.
        /// </summary>
        /// <exception cref="PkiException"><see cref="PkiError.VerificationFailed"/>: some certificate is not trusted; nothing changed.</exception>
        public bool AcceptCaCerts(ArrayList certificates, ChainValidator validator, DateTime time)
        {
            if (certificates == null || validator == null)
            {
                throw new ArgumentNullException(certificates == null ? nameof(certificates) : nameof(validator));
            }

            int n = certificates.Count;
            var trusted = new bool[n];
            var pinned = new bool[n];
            var linkRoot = new Certificate[n];       // for a trusted non-self-issued certificate: the root it chains to
            var roots = new ArrayList();             // anchors, then trusted self-issued certificates of the answer
            for (int i = 0; i < _anchors.Count; i++)
            {
                roots.Add(((Anchor)_anchors[i]).Certificate);
            }

            var chainCas = new ArrayList();
            for (int i = 0; i < n; i++)
            {
                var c = (Certificate)certificates[i];
                if (IndexOf(c) >= 0)
                {
                    trusted[i] = true;
                }
                else if (IsPinned(c))
                {
                    trusted[i] = pinned[i] = true;
                    roots.Add(c);
                }
            }

            bool validatorRequired = validator.RequireClientAuth;
            validator.RequireClientAuth = false;
            try
            {
                bool progress = true;
                while (progress)
                {
                    progress = false;
                    for (int i = 0; i < n; i++)
                    {
                        if (trusted[i])
                        {
                            continue;
                        }

                        var c = (Certificate)certificates[i];
                        if (c.IsSelfIssued)
                        {
                            if (IsLinkedNewRoot(c, certificates, trusted, validator, time))
                            {
                                trusted[i] = true;
                                roots.Add(c);
                                progress = true;
                            }

                            continue;
                        }

                        CollectTrustedCas(certificates, trusted, chainCas);
                        Certificate root = ChainsTo(c, chainCas, roots, validator, time);
                        if (root != null)
                        {
                            trusted[i] = true;
                            linkRoot[i] = root;
                            progress = true;
                        }
                    }
                }
            }
            finally
            {
                validator.RequireClientAuth = validatorRequired;
            }

            for (int i = 0; i < n; i++)
            {
                if (!trusted[i])
                {
                    throw new PkiException(PkiError.VerificationFailed, -1, "cacerts: " + certificates[i] + " is not linked to a trust anchor");
                }
            }

            // Everything is trusted: take the intermediates, then any new root.
            _intermediates.Clear();
            for (int i = 0; i < n && _intermediates.Count < MaxIntermediates; i++)
            {
                var c = (Certificate)certificates[i];
                if (!c.IsSelfIssued && c.HasBasicConstraints && c.IsCertificateAuthority)
                {
                    _intermediates.Add(Certificate.Parse(c.GetEncoded()));
                }
            }

            bool added = false;
            for (int i = 0; i < n; i++)
            {
                var c = (Certificate)certificates[i];
                if (!c.IsSelfIssued || IndexOf(c) >= 0)
                {
                    continue;
                }

                Certificate replaced = pinned[i] ? null : ReplacedAnchor(c, certificates, linkRoot);
                if (replaced != null && c.NotBefore < replaced.NotBefore)
                {
                    // A successor is never older than the root it replaces. After ConfirmWorked the server still
                    // publishes OldWithOld and OldWithNew (the old key signed by the new root), which look exactly like a
                    // NewWithOld for the old root: trusted, but never taken back as an anchor.
                    continue;
                }

                if (AddAnchor(Certificate.Parse(c.GetEncoded()), !pinned[i], replaced))
                {
                    added = true;
                }
            }

            return added;
        }

        /// <summary>
        /// The caller reports that <paramref name="anchorDer"/> worked (a certificate chaining to it was used
        /// successfully, e.g. an MQTT connect). A pending anchor becomes active and the anchor it replaced is removed.
        /// Returns true when the store changed (persist it then).
        /// </summary>
        public bool ConfirmWorked(byte[] anchorDer)
        {
            if (anchorDer == null)
            {
                throw new ArgumentNullException(nameof(anchorDer));
            }

            for (int i = 0; i < _anchors.Count; i++)
            {
                var a = (Anchor)_anchors[i];
                if (!DerReader.BytesEqual(a.Der, 0, a.Der.Length, anchorDer, 0, anchorDer.Length) || !a.Pending)
                {
                    continue;
                }

                a.Pending = false;
                byte[] old = a.Replaces;
                a.Replaces = null;
                if (old != null)
                {
                    for (int j = _anchors.Count - 1; j >= 0; j--)
                    {
                        var o = (Anchor)_anchors[j];
                        if (j != i && DerReader.BytesEqual(o.Fingerprint, 0, Sha256.HashSize, old, 0, Sha256.HashSize))
                        {
                            _anchors.RemoveAt(j);
                        }
                    }
                }

                return true;
            }

            return false;
        }

        /// <summary>The store as bytes for the RecordStore: version, anchors (flags, replaced fingerprint, DER),
        /// intermediates (DER), pins; lengths as 16-bit big-endian.</summary>
        public byte[] ToBytes()
        {
            int length = 4;
            for (int i = 0; i < _anchors.Count; i++)
            {
                length += 1 + Sha256.HashSize + 2 + ((Anchor)_anchors[i]).Der.Length;
            }

            for (int i = 0; i < _intermediates.Count; i++)
            {
                length += 2 + ((Certificate)_intermediates[i]).Length;
            }

            length += _pins.Count * Sha256.HashSize;
            var output = new byte[length];
            int p = 0;
            output[p++] = FormatVersion;
            output[p++] = (byte)_anchors.Count;
            for (int i = 0; i < _anchors.Count; i++)
            {
                var a = (Anchor)_anchors[i];
                output[p++] = (byte)((a.Pending ? FlagPending : 0) | (a.Replaces != null ? FlagReplaces : 0));
                if (a.Replaces != null)
                {
                    Array.Copy(a.Replaces, 0, output, p, Sha256.HashSize);
                }

                p += Sha256.HashSize;
                p = PutBlock(output, p, a.Der, 0, a.Der.Length);
            }

            output[p++] = (byte)_intermediates.Count;
            for (int i = 0; i < _intermediates.Count; i++)
            {
                var c = (Certificate)_intermediates[i];
                p = PutBlock(output, p, c.Buffer, c.Offset, c.Length);
            }

            output[p++] = (byte)_pins.Count;
            for (int i = 0; i < _pins.Count; i++)
            {
                Array.Copy((byte[])_pins[i], 0, output, p, Sha256.HashSize);
                p += Sha256.HashSize;
            }

            return output;
        }

        /// <summary>Reads what <see cref="ToBytes"/> wrote; every count and length is checked against its bound.</summary>
        /// <exception cref="PkiException">Corrupt or from an unknown version.</exception>
        public static TrustAnchorStore FromBytes(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            int end = offset + count;
            int p = offset;
            var store = new TrustAnchorStore();
            Need(p, 2, end);
            if (data[p++] != FormatVersion)
            {
                throw Corrupt(p - 1, "unknown version");
            }

            int anchors = data[p++];
            if (anchors > MaxAnchors)
            {
                throw Corrupt(p - 1, "too many anchors");
            }

            for (int i = 0; i < anchors; i++)
            {
                Need(p, 1 + Sha256.HashSize, end);
                int flags = data[p++];
                byte[] replaces = (flags & FlagReplaces) != 0 ? Copy(data, p, Sha256.HashSize) : null;
                p += Sha256.HashSize;
                byte[] der = GetBlock(data, ref p, end);
                store._anchors.Add(new Anchor(ParseCa(der), (flags & FlagPending) != 0, replaces));
            }

            Need(p, 1, end);
            int intermediates = data[p++];
            if (intermediates > MaxIntermediates)
            {
                throw Corrupt(p - 1, "too many intermediates");
            }

            for (int i = 0; i < intermediates; i++)
            {
                store._intermediates.Add(ParseCa(GetBlock(data, ref p, end)));
            }

            Need(p, 1, end);
            int pins = data[p++];
            if (pins > MaxPinnedFingerprints)
            {
                throw Corrupt(p - 1, "too many pins");
            }

            Need(p, pins * Sha256.HashSize, end);
            for (int i = 0; i < pins; i++)
            {
                store._pins.Add(Copy(data, p, Sha256.HashSize));
                p += Sha256.HashSize;
            }

            if (p != end)
            {
                throw Corrupt(p, "trailing bytes");
            }

            return store;
        }

        // A self-signed certificate is a linked new root when a trusted, non-self-issued certificate of the answer
        // (the NewWithOld) has the same subject and key, and its own self-signature, CA flags and validity hold.
        private static bool IsLinkedNewRoot(Certificate c, ArrayList certificates, bool[] trusted, ChainValidator validator, DateTime time)
        {
            if (FindLink(c, certificates, trusted) < 0)
            {
                return false;
            }

            var path = new ArrayList();
            path.Add(c);
            path.Add(c);
            try
            {
                validator.ValidatePath(path, time);
                return true;
            }
            catch (PkiException)
            {
                return false;
            }
        }

        private static int FindLink(Certificate root, ArrayList certificates, bool[] trusted)
        {
            for (int j = 0; j < certificates.Count; j++)
            {
                var l = (Certificate)certificates[j];
                if (trusted[j] && !l.IsSelfIssued && l.Subject.RawEquals(root.Subject)
                    && l.HasSubjectPublicKeyInfo(root.Buffer, root.SubjectPublicKeyInfoOffset, root.SubjectPublicKeyInfoLength))
                {
                    return j;
                }
            }

            return -1;
        }

        private Certificate ReplacedAnchor(Certificate newRoot, ArrayList certificates, Certificate[] linkRoot)
        {
            for (int j = 0; j < certificates.Count; j++)
            {
                var l = (Certificate)certificates[j];
                if (linkRoot[j] != null && !l.IsSelfIssued && l.Subject.RawEquals(newRoot.Subject)
                    && l.HasSubjectPublicKeyInfo(newRoot.Buffer, newRoot.SubjectPublicKeyInfoOffset, newRoot.SubjectPublicKeyInfoLength)
                    && IndexOf(linkRoot[j]) >= 0)
                {
                    return linkRoot[j];
                }
            }

            return null;
        }

        private static void CollectTrustedCas(ArrayList certificates, bool[] trusted, ArrayList output)
        {
            output.Clear();
            for (int j = 0; j < certificates.Count; j++)
            {
                var c = (Certificate)certificates[j];
                if (trusted[j] && !c.IsSelfIssued)
                {
                    output.Add(c);
                }
            }
        }

        private static Certificate ChainsTo(Certificate c, ArrayList intermediates, ArrayList roots, ChainValidator validator, DateTime time)
        {
            for (int r = 0; r < roots.Count; r++)
            {
                try
                {
                    validator.Validate(c, intermediates, (Certificate)roots[r], time);
                    return (Certificate)roots[r];
                }
                catch (PkiException)
                {
                    // try the next root
                }
            }

            return null;
        }

        private bool AddAnchor(Certificate certificate, bool pending, Certificate replaced)
        {
            if (_anchors.Count >= MaxAnchors)
            {
                // Make room by dropping the oldest pending anchor, never an active one.
                for (int i = 0; i < _anchors.Count; i++)
                {
                    if (((Anchor)_anchors[i]).Pending)
                    {
                        _anchors.RemoveAt(i);
                        break;
                    }
                }

                if (_anchors.Count >= MaxAnchors)
                {
                    return false;
                }
            }

            byte[] replaces = replaced == null ? null : Sha256.Hash(replaced.Buffer, replaced.Offset, replaced.Length);
            _anchors.Add(new Anchor(certificate, pending, replaces));
            return true;
        }

        private int IndexOf(Certificate certificate)
        {
            for (int i = 0; i < _anchors.Count; i++)
            {
                if (((Anchor)_anchors[i]).Certificate.RawEquals(certificate))
                {
                    return i;
                }
            }

            return -1;
        }

        private bool IsPinned(Certificate certificate)
        {
            if (_pins.Count == 0)
            {
                return false;
            }

            byte[] fingerprint = Sha256.Hash(certificate.Buffer, certificate.Offset, certificate.Length);
            for (int i = 0; i < _pins.Count; i++)
            {
                if (DerReader.BytesEqual((byte[])_pins[i], 0, Sha256.HashSize, fingerprint, 0, Sha256.HashSize))
                {
                    return true;
                }
            }

            return false;
        }

        private static Certificate ParseCa(byte[] der)
        {
            Certificate certificate = Certificate.Parse(der);
            if (!certificate.HasBasicConstraints || !certificate.IsCertificateAuthority)
            {
                throw new PkiException(PkiError.VerificationFailed, -1, "trust anchor " + certificate + " is not a CA");
            }

            return certificate;
        }

        private static int PutBlock(byte[] output, int p, byte[] data, int offset, int length)
        {
            output[p++] = (byte)(length >> 8);
            output[p++] = (byte)length;
            Array.Copy(data, offset, output, p, length);
            return p + length;
        }

        private static byte[] GetBlock(byte[] data, ref int p, int end)
        {
            Need(p, 2, end);
            int length = (data[p] << 8) | data[p + 1];
            p += 2;
            if (length > Certificate.MaxEncodedLength)
            {
                throw Corrupt(p - 2, "certificate too long");
            }

            Need(p, length, end);
            byte[] block = Copy(data, p, length);
            p += length;
            return block;
        }

        private static void Need(int p, int length, int end)
        {
            if (length > end - p)
            {
                throw Corrupt(p, "truncated");
            }
        }

        private static PkiException Corrupt(int offset, string reason)
        {
            return new PkiException(PkiError.BadValue, offset, "trust anchor store: " + reason);
        }

        private static byte[] Copy(byte[] data, int offset, int length)
        {
            var copy = new byte[length];
            Array.Copy(data, offset, copy, 0, length);
            return copy;
        }

        private sealed class Anchor
        {
            public Anchor(Certificate certificate, bool pending, byte[] replaces)
            {
                Certificate = certificate;
                Der = certificate.GetEncoded();
                Fingerprint = Sha256.Hash(Der, 0, Der.Length);
                Pending = pending;
                Replaces = replaces;
            }

            public Certificate Certificate { get; }

            public byte[] Der { get; }

            public byte[] Fingerprint { get; }

            public bool Pending { get; set; }

            public byte[] Replaces { get; set; }
        }
    }
}
