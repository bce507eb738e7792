using System;
using DeviceAgent.Est;
using nanoFramework.TestFramework;
using static DeviceAgent.Tests.Est.EstClientTests;
using static DeviceAgent.Tests.Est.EstResponses;

namespace DeviceAgent.Tests.Est
{
    /// <summary>The issued certificate is checked before it is returned (OpenSSL fixtures, see <see cref="EstFixtures"/>).</summary>
    [TestClass]
    public class EstIssuedCertificateTests
    {
        [TestMethod]
        public void CertificateForAnotherKey_KeyMismatch()
        {
            Is(EstOutcomeKind.CertificateKeyMismatch, Enroll(new ScriptedTls().Add(Ok(P7(EstFixtures.WrongKey())))));
        }

        [TestMethod]
        public void CertificateFromUnknownCaWithAnchorName_Untrusted()
        {
            EstOutcome outcome = Enroll(new ScriptedTls().Add(Ok(P7(EstFixtures.UnknownCa()))));
            Is(EstOutcomeKind.CertificateUntrusted, outcome);
            EstAssert.True(outcome.Certificate == null);
        }

        [TestMethod]
        public void ExpiredCertificate_ValidityInvalid()
        {
            Is(EstOutcomeKind.CertificateValidityInvalid, Enroll(new ScriptedTls().Add(Ok(P7(EstFixtures.Expired())))));
        }

        [TestMethod]
        public void NotYetValidBeyondSkew_ValidityInvalid()
        {
            var tls = new ScriptedTls().Add(Ok(P7(EstFixtures.Leaf())));
            byte[] csr = EstFixtures.Csr();
            DateTime early = new DateTime(2026, 5, 31, 23, 50, 0);
            Is(EstOutcomeKind.CertificateValidityInvalid, Client(tls, Store()).SimpleEnroll(csr, 0, csr.Length, early, early));
        }

        [TestMethod]
        public void NotBeforeWithinSkew_Success()
        {
            var tls = new ScriptedTls().Add(Ok(P7(EstFixtures.Leaf())));
            byte[] csr = EstFixtures.Csr();
            DateTime early = new DateTime(2026, 5, 31, 23, 58, 0);
            Is(EstOutcomeKind.Success, Client(tls, Store()).SimpleEnroll(csr, 0, csr.Length, early, early));
        }

        [TestMethod]
        public void WrongSubject_NameMismatch()
        {
            Is(EstOutcomeKind.CertificateNameMismatch, Enroll(new ScriptedTls().Add(Ok(P7(EstFixtures.WrongName())))));
        }

        [TestMethod]
        public void TwoCertificatesForOurKey_Malformed()
        {
            Is(EstOutcomeKind.MalformedResponse, Enroll(new ScriptedTls().Add(Ok(P7(EstFixtures.Leaf(), EstFixtures.Expired())))));
        }

        [TestMethod]
        public void ExtraEndEntityCertificate_Malformed()
        {
            Is(EstOutcomeKind.MalformedResponse, Enroll(new ScriptedTls().Add(Ok(P7(EstFixtures.Leaf(), EstFixtures.WrongKey())))));
        }

        [TestMethod]
        public void EmptyPkcs7_Malformed()
        {
            Is(EstOutcomeKind.MalformedResponse, Enroll(new ScriptedTls().Add(Ok(P7()))));
        }
    }
}
