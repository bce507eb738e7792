using System;
using DeviceAgent.Pki;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Pki
{
    /// <summary>
    /// Heap and time of building one CSR inside nanoCLR. GC.Run(true) returns the free heap after a full collection,
    /// so the difference is what stays referenced (the builder and its reusable state); garbage made and dropped
    /// during the build is not visible this way (the Lab's desktop test counts every allocated byte). This host is
    /// 64-bit: object headers and references cost up to twice what they cost on the 32-bit ESP32
    /// (shared/nanoframework/README.md, "Measuring heap in tests"), so the figure is an upper bound.
    /// </summary>
    [TestClass]
    public class Pkcs10HeapTests
    {
        private const int HeapBudget = 4096;
        private const int TimedBuilds = 20;
        private const int Rounds = 4;

        [TestMethod]
        public void BuildAndEncodeOneCsr_HeapBudget()
        {
            // outputs and the signer (with its R||S) exist before the measurement: they are the caller's
            var signer = new FixedSigner(Hex.Parse(Pkcs10BuilderTests.FullPublicKey), Hex.Parse(Pkcs10BuilderTests.OpenSslSignature));
            var der = new byte[512];
            var body = new byte[800];
            var builders = new Pkcs10Builder[Rounds];
            int length = 0;
            int bodyLength = 0;

            // Rounds fresh builders, each configured, built and base64-encoded, all kept alive: the average is
            // what one CSR costs, with the collector's block-level noise divided by Rounds.
            uint before = FreeHeap.Settle();
            for (int i = 0; i < Rounds; i++)
            {
                builders[i] = Pkcs10BuilderTests.FullBuilder(signer);
                length = builders[i].Build(der, 0, der.Length);
                bodyLength = Base64.Encode(der, 0, length, body, 0, body.Length, Base64.PemLineLength, true);
            }

            uint after = FreeHeap.Settle();
            int used = (int)(before - after) / Rounds;

            // the same builder again: nothing more may stay behind
            before = FreeHeap.Settle();
            for (int i = 0; i < Rounds; i++)
            {
                builders[0].Build(der, 0, der.Length);
                Pem.Encode(Pem.CertificateRequestLabel, der, 0, length, body, 0, body.Length);
            }

            after = FreeHeap.Settle();
            int again = (int)(before - after) / Rounds;

            OutputHelper.WriteLine("CSR heap: build and encode one CSR (" + length + " B DER, " + bodyLength +
                " B base64 body, both in caller buffers): " + used + " bytes per CSR with a new builder (its SHA-256 state, " +
                "writer and settings stay referenced), " + again + " bytes per CSR with a reused builder; 64-bit host: " +
                "object headers and references up to 2x an ESP32's");
            bool kept = builders[Rounds - 1] != null;
            Assert.IsTrue(kept, "builders kept");
            Assert.IsTrue(used < HeapBudget, "new builder: " + used + " bytes");
            Assert.IsTrue(again < 64, "reused builder: " + again + " bytes");
        }


        [TestMethod]
        public void BuildCsr_TimePerRequest()
        {
            var signer = new FixedSigner(Hex.Parse(Pkcs10BuilderTests.FullPublicKey), Hex.Parse(Pkcs10BuilderTests.OpenSslSignature));
            Pkcs10Builder builder = Pkcs10BuilderTests.FullBuilder(signer);
            var der = new byte[512];
            var pem = new byte[800];
            int length = builder.Build(der, 0, der.Length);

            long start = DateTime.UtcNow.Ticks;
            for (int i = 0; i < TimedBuilds; i++)
            {
                length = builder.Build(der, 0, der.Length);
                Pem.Encode(Pem.CertificateRequestLabel, der, 0, length, pem, 0, pem.Length);
            }

            long elapsed = DateTime.UtcNow.Ticks - start;
            long perBuild = elapsed / TimedBuilds;
            OutputHelper.WriteLine("CSR time: " + TimedBuilds + " builds of a " + length + "-byte CSR + PEM in nanoCLR: " +
                (elapsed / TimeSpan.TicksPerMillisecond) + " ms total, " + (perBuild / 10) + " us per CSR (signer returns a fixed R||S)");
            int calls = signer.Calls;
            Assert.AreEqual(TimedBuilds + 1, calls, "calls");
        }
    }
}
