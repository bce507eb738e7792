using DeviceAgent.Est;
using DeviceAgent.Renewal;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Renewal
{
    [TestClass]
    public class EstOutcomesTests
    {
        [TestMethod]
        [DataRow(1, 2)]    // Success → Issued
        [DataRow(2, 3)]    // RetryLater → Pending
        [DataRow(10, 4)]   // AuthenticationFailed → AuthFailed
        [DataRow(22, 4)]   // ClientCertificateUnsupported → AuthFailed (use the Basic tier)
        [DataRow(11, 5)]   // Rejected → Rejected
        [DataRow(20, 6)]   // ServerError → Transient
        [DataRow(21, 6)]   // TransportFailed → Transient
        [DataRow(30, 7)]   // MalformedResponse → Malformed
        [DataRow(31, 7)]   // ResponseTooLarge → Malformed
        [DataRow(40, 7)]   // CertificateKeyMismatch → Malformed
        [DataRow(41, 7)]   // CertificateUntrusted → Malformed
        [DataRow(42, 7)]   // CertificateNameMismatch → Malformed
        [DataRow(43, 7)]   // CertificateValidityInvalid → Malformed
        public void EstOutcome_MapsToEngineOutcome(int est, int engine)
        {
            Assert.AreEqual(engine, (int)EstOutcomes.ToRequestOutcome((EstOutcomeKind)est), string.Empty);
        }
    }
}
