using System;
using DeviceAgent.Est;
using DeviceAgent.Lifecycle;
using DeviceAgent.Pki;
using DeviceAgent.Renewal;
using DeviceAgent.Storage;
using DeviceAgent.Tests.Est;
using DeviceAgent.Tests.Pki;
using DeviceAgent.Tests.Storage;

namespace DeviceAgent.Tests.Lifecycle
{
    /// <summary>
    /// A board for <see cref="RenewalRunner"/> in nanoCLR: flash in memory, a key port that builds real CSRs for the
    /// OpenSSL fixture key (the signature is fixed: nanoCLR has no ECDSA; the EST client never checks its own CSR),
    /// scripted TLS answers with the OpenSSL fixture certificates, and a hand-moved clock. Every port samples the
    /// heap when <see cref="HeapProbe.On"/> (off, it costs nothing).
    /// </summary>
    internal sealed class RunnerRig : ICsrSource, IUptimeClock, IRandomSource
    {
        public static readonly DateTime Start = new DateTime(2026, 7, 1, 12, 0, 0);

        private readonly FixedSigner _signer;

        public RunnerRig()
        {
            var signature = new byte[64];
            for (int i = 0; i < signature.Length; i++)
            {
                signature[i] = (byte)(i + 1);
            }

            _signer = new FixedSigner(Certificate.Parse(EstFixtures.Leaf()).PublicKey, signature);
            Now = Start;
            Flash = new MemoryBlobStore();
            Tls = new ScriptedTls();
            Tls.Split = 4096;
        }

        public MemoryBlobStore Flash;

        public ScriptedTls Tls;

        public DateTime Now;

        public RenewalRunner Runner;

        public int CsrsBuilt;

        public long UptimeMs { get; set; }

        public uint NextUInt32()
        {
            return 0x80000000;
        }

        public byte[] BuildCsr(int keySlot, bool generateKey)
        {
            CsrsBuilt++;
            var builder = new Pkcs10Builder(new ProbingSigner(_signer));
            builder.CommonName = "dev1";
            builder.AddUri("urn:dev:dev1");
            var buffer = new byte[builder.GetMaxLength()];
            int length = builder.Build(buffer, 0, buffer.Length);
            var csr = new byte[length];
            Array.Copy(buffer, 0, csr, 0, length);
            return csr;
        }

        public IDigestSigner SignerFor(int keySlot)
        {
            return new ProbingSigner(_signer);
        }

        /// <summary>Power on: everything rebuilt from flash, then SNTP answered with <see cref="Now"/>.</summary>
        public RenewalReport Boot()
        {
            return Boot(true);
        }

        /// <summary>Power on; SNTP answers only when <paramref name="sntp"/>.</summary>
        public RenewalReport Boot(bool sntp)
        {
            UptimeMs = 0;
            var records = new RecordStore(new ProbingBlobStore(Flash));
            long last;
            RecordState anchorState;
            TrustAnchorStore anchors = AnchorRecord.Load(records, EstFixtures.Root1(), out last, out anchorState);
            KnownSignatureVerifier verifier = new KnownSignatureVerifier().Genuine(Certificate.Parse(EstFixtures.Leaf()), Certificate.Parse(EstFixtures.Root1()));
            var client = new EstClient(new ProbingTls(Tls), "est.example", 8443, anchors, new ProbingVerifier(verifier));
            var engine = new RenewalEngine(new RenewalPolicy(), 0x80000000, 0, 1, 2);
            Runner = new RenewalRunner(engine, records, this, client, anchors, new EnrollmentSettings("dev1", "s3cret"), null, this, this, new DateTime(2026, 1, 1));
            Runner.LastCaCertsCheck = last;
            RenewalReport report = Runner.Boot();
            if (sntp)
            {
                Runner.Time.ObserveSntp(Now, 0);
            }

            return report;
        }

        /// <summary>Moves the clock by <paramref name="span"/> (uptime too: the board stayed on).</summary>
        public void Advance(TimeSpan span)
        {
            Now = Now + span;
            UptimeMs += span.Ticks / TimeSpan.TicksPerMillisecond;
        }
    }
}
