using System;
using Atecc608Driver;
using DeviceAgent.Cloud;
using DeviceAgent.Est;
using DeviceAgent.Lifecycle;
using DeviceAgent.Pki;
using DeviceAgent.Renewal;
using DeviceAgent.Storage;
using DeviceAgent.Tests.Est;
using DeviceAgent.Tests.Pki;
using DeviceAgent.Tests.Storage;
using nanoFramework.TestFramework;
using static DeviceAgent.Tests.Est.EstResponses;

namespace DeviceAgent.Tests.Cloud
{
    /// <summary>
    /// A board for the cloud session in nanoCLR: the renewal runner over flash in memory, a key port that builds CSRs
    /// for the OpenSSL fixture key (fixed signature: nanoCLR has no ECDSA), scripted EST answers, a scripted MQTT
    /// port, and a clock moved by hand (waits advance it). The session is the runner's candidate check.
    /// </summary>
    internal sealed class CloudRig : ICsrSource, IUptimeClock, IRandomSource, IDelay
    {
        public static readonly DateTime Start = new DateTime(2026, 7, 1, 12, 0, 0);

        public readonly FixedSigner Signer;
        public readonly MemoryBlobStore Flash = new MemoryBlobStore();
        public readonly ScriptedTls Tls = new ScriptedTls();
        public readonly ScriptedMqtt Mqtt = new ScriptedMqtt();
        public readonly CloudSession Session;
        public RenewalRunner Runner;
        public DateTime Now = Start;
        public uint Random = 0x80000000;
        public int Waited;
        public bool ChipFails;

        public CloudRig(bool tokenLogin)
        {
            var signature = new byte[64];
            for (int i = 0; i < signature.Length; i++)
            {
                signature[i] = (byte)(i + 1);
            }

            Signer = new FixedSigner(Certificate.Parse(EstFixtures.Leaf()).PublicKey, signature);
            Tls.Split = 4096;
            Session = new CloudSession(Mqtt, new TlsEndpoint("mqtt.example", 8883, new byte[][] { EstFixtures.Root1() }), "dev1", "1.2.3", tokenLogin);
        }

        public long UptimeMs { get; set; }

        /// <summary>A rig whose first window enrolled with the bootstrap secret and promoted after an MQTT connect.</summary>
        public static CloudRig Enrolled(bool tokenLogin)
        {
            var rig = new CloudRig(tokenLogin);
            rig.Tls.Add(Ok(P7(EstFixtures.Root1()))).Add(Ok(P7(EstFixtures.Leaf())));
            rig.Boot();
            WindowResult window = rig.Runner.RunWindow(30000);
            Assert.IsTrue(window.Promoted, "promoted");
            return rig;
        }

        public uint NextUInt32()
        {
            return Random;
        }

        public void Wait(int milliseconds)
        {
            Waited += milliseconds;
            Advance(TimeSpan.FromTicks(milliseconds * TimeSpan.TicksPerMillisecond));
        }

        public byte[] BuildCsr(int keySlot, bool generateKey)
        {
            if (ChipFails)
            {
                throw new Atecc608Exception(Atecc608Error.WakeFailed, Opcode.Sign, 0, "no wake");
            }

            var builder = new Pkcs10Builder(Signer);
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
            return Signer;
        }

        /// <summary>Power on: the runner rebuilt from flash with the session as its candidate check, then SNTP.</summary>
        public void Boot()
        {
            UptimeMs = 0;
            var records = new RecordStore(Flash);
            long last;
            RecordState anchorState;
            TrustAnchorStore anchors = AnchorRecord.Load(records, EstFixtures.Root1(), out last, out anchorState);
            KnownSignatureVerifier verifier = new KnownSignatureVerifier().Genuine(Certificate.Parse(EstFixtures.Leaf()), Certificate.Parse(EstFixtures.Root1()));
            var client = new EstClient(Tls, "est.example", 8443, anchors, verifier);
            var engine = new RenewalEngine(new RenewalPolicy(), 0x80000000, 0, 1, 2);
            Runner = new RenewalRunner(engine, records, this, client, anchors, new EnrollmentSettings("dev1", "s3cret"), Session, this, this, new DateTime(2026, 1, 1));
            Runner.LastCaCertsCheck = last;
            Session.Runner = Runner;
            Runner.Boot();
            Runner.Time.ObserveSntp(Now, 0);
        }

        public void Advance(TimeSpan span)
        {
            Now = Now + span;
            UptimeMs += span.Ticks / TimeSpan.TicksPerMillisecond;
        }
    }
}
