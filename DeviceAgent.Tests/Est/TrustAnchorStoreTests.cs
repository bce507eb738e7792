using System;
using DeviceAgent.Est;
using DeviceAgent.Pki;
using nanoFramework.TestFramework;
using static DeviceAgent.Tests.Est.EstClientTests;
using static DeviceAgent.Tests.Est.EstResponses;

namespace DeviceAgent.Tests.Est
{
    /// <summary>/cacerts acceptance and RFC 7030 §4.1.3 rollover: EST Root 1 (anchor) → EST Root 2 via NewWithOld.</summary>
    [TestClass]
    public class TrustAnchorStoreTests
    {
        private static byte[] Rollover()
        {
            return P7(EstFixtures.Root1(), EstFixtures.Root2(), EstFixtures.NewWithOld(), EstFixtures.OldWithNew());
        }

        private static EstOutcome CaCerts(TrustAnchorStore store, byte[] p7)
        {
            return Client(new ScriptedTls().Add(Ok(p7)), store).CaCerts(Now, Now);
        }

        [TestMethod]
        public void CaCerts_AnchorOnly_AcceptedNothingAdded()
        {
            TrustAnchorStore store = Store();
            EstOutcome outcome = CaCerts(store, P7(EstFixtures.Root1()));
            Is(EstOutcomeKind.Success, outcome);
            EstAssert.False(outcome.TrustAnchorAdded);
            EstAssert.Equal(1, outcome.CaCertificates.Count);
            EstAssert.Equal(1, store.Count);
        }

        [TestMethod]
        public void CaCerts_LinkedNewRoot_AddedAsPending()
        {
            TrustAnchorStore store = Store();
            EstOutcome outcome = CaCerts(store, Rollover());
            Is(EstOutcomeKind.Success, outcome);
            EstAssert.True(outcome.TrustAnchorAdded);
            EstAssert.Equal(2, store.Count);
            EstAssert.False(store.IsPending(0));
            EstAssert.True(store.IsPending(1));
            EstAssert.Equal("EST Root 2", store.GetAnchor(1).Subject.CommonName);
            EstAssert.Equal(2, store.Intermediates.Count);
            EstAssert.Equal(2, store.GetAnchorsDer().Length);
        }

        [TestMethod]
        public void CaCerts_UnlinkedRoot_UntrustedAndUnchanged()
        {
            TrustAnchorStore store = Store();
            Is(EstOutcomeKind.CertificateUntrusted, CaCerts(store, P7(EstFixtures.Root1(), EstFixtures.Root3())));
            Is(EstOutcomeKind.CertificateUntrusted, CaCerts(store, P7(EstFixtures.Root2(), EstFixtures.OldWithNew())));
            EstAssert.Equal(1, store.Count);
            EstAssert.Equal(0, store.Intermediates.Count);
        }

        [TestMethod]
        public void CaCerts_PinnedFingerprint_AddsActiveAnchor()
        {
            TrustAnchorStore store = Store();
            byte[] root3 = EstFixtures.Root3();
            store.AddPinnedFingerprint(Sha256.Hash(root3, 0, root3.Length));
            EstOutcome outcome = CaCerts(store, P7(EstFixtures.Root1(), root3));
            Is(EstOutcomeKind.Success, outcome);
            EstAssert.Equal(2, store.Count);
            EstAssert.False(store.IsPending(1));
        }

        [TestMethod]
        public void Rollover_CertificateFromNewRootWorks_OldAnchorDropped()
        {
            TrustAnchorStore store = Store();
            Is(EstOutcomeKind.Success, CaCerts(store, Rollover()));
            EstOutcome issued = Enroll(Client(new ScriptedTls().Add(Ok(P7(EstFixtures.Leaf2()))), store));
            Is(EstOutcomeKind.Success, issued);
            EstAssert.True(Same(EstFixtures.Root2(), issued.TrustAnchor));
            EstAssert.False(store.ConfirmWorked(EstFixtures.Root1()));
            EstAssert.Equal(2, store.Count);
            EstAssert.True(store.ConfirmWorked(issued.TrustAnchor));
            EstAssert.Equal(1, store.Count);
            EstAssert.Equal("EST Root 2", store.GetAnchor(0).Subject.CommonName);
            EstAssert.False(store.IsPending(0));
        }

        [TestMethod]
        public void Rollover_OldLeafStillChainsToOldAnchor()
        {
            TrustAnchorStore store = Store();
            Is(EstOutcomeKind.Success, CaCerts(store, Rollover()));
            EstOutcome issued = Enroll(Client(new ScriptedTls().Add(Ok(P7(EstFixtures.Leaf()))), store));
            Is(EstOutcomeKind.Success, issued);
            EstAssert.True(Same(EstFixtures.Root1(), issued.TrustAnchor));
        }

        [TestMethod]
        public void ToBytes_RoundTrip_KeepsPendingLinkAndPins()
        {
            TrustAnchorStore store = Store();
            store.AddPinnedFingerprint(new byte[32]);
            CaCerts(store, Rollover());
            byte[] bytes = store.ToBytes();
            TrustAnchorStore copy = TrustAnchorStore.FromBytes(bytes, 0, bytes.Length);
            EstAssert.Equal(2, copy.Count);
            EstAssert.True(copy.IsPending(1));
            EstAssert.Equal(2, copy.Intermediates.Count);
            EstAssert.Equal(1, copy.PinnedCount);
            EstAssert.True(Same(bytes, copy.ToBytes()));
            EstAssert.True(copy.ConfirmWorked(EstFixtures.Root2()));
            EstAssert.Equal(1, copy.Count);
        }

        [TestMethod]
        public void FromBytes_TruncatedOrTrailing_Refused()
        {
            byte[] bytes = Store().ToBytes();
            int refused = 0;
            for (int cut = 0; cut < bytes.Length; cut += 37)
            {
                try
                {
                    TrustAnchorStore.FromBytes(bytes, 0, cut);
                }
                catch (PkiException)
                {
                    refused++;
                }
            }

            EstAssert.Equal((bytes.Length + 36) / 37, refused);
            var longer = new byte[bytes.Length + 1];
            Array.Copy(bytes, longer, bytes.Length);
            EstAssert.True(Refused(longer));
        }

        [TestMethod]
        public void Store_Bounded_NonCaRefused()
        {
            TrustAnchorStore store = Store();
            store.AddProvisioned(EstFixtures.Root2());
            store.AddProvisioned(EstFixtures.Root3());
            store.AddProvisioned(EstFixtures.Root3());
            EstAssert.Equal(3, store.Count);
            bool full = false;
            try
            {
                store.AddProvisioned(EstFixtures.NewWithOld());
            }
            catch (InvalidOperationException)
            {
                full = true;
            }

            EstAssert.True(full);
            bool notCa = false;
            try
            {
                new TrustAnchorStore().AddProvisioned(EstFixtures.Leaf());
            }
            catch (PkiException)
            {
                notCa = true;
            }

            EstAssert.True(notCa);
        }

        private static bool Refused(byte[] bytes)
        {
            try
            {
                TrustAnchorStore.FromBytes(bytes, 0, bytes.Length);
                return false;
            }
            catch (PkiException)
            {
                return true;
            }
        }
    }
}
