using System;
using System.Collections;
using DeviceAgent.Pki;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Pki
{
    /// <summary>
    /// Chain checks on the OpenSSL fixtures (leaf → issuing CA → root, all valid 2026-11-27 04:14:03 to
    /// 2027-11-27 04:14:03 at the leaf), with <see cref="KnownSignatureVerifier"/> standing in for ECDSA.
    /// </summary>
    [TestClass]
    public class ChainValidatorTests
    {
        private static readonly DateTime During = new DateTime(2027, 6, 1, 12, 0, 0);

        [TestMethod]
        public void Validate_OpenSslChain_ReturnsLeafIssuingRoot()
        {
            Certificate leaf = Leaf();
            Certificate issuing = Issuing();
            Certificate root = Root();
            KnownSignatureVerifier verifier = Verifier(leaf, issuing, root);

            ArrayList path = new ChainValidator(verifier).Validate(leaf, List(issuing), root, During);

            Assert.AreEqual(3, path.Count);
            Assert.AreSame(leaf, path[0]);
            Assert.AreSame(issuing, path[1]);
            Assert.AreSame(root, path[2]);
            Assert.AreEqual(2, verifier.Calls);
        }

        [TestMethod]
        public void Validate_IntermediatesFromPkcs7InAnyOrder_FindsThePath()
        {
            Pkcs7CertsOnly bundle = Pkcs7CertsOnly.Parse(PkiFixtures.Pkcs7Three());
            ArrayList all = bundle.ParseCertificates();
            var leaf = (Certificate)all[0];
            var issuing = (Certificate)all[1];
            Certificate root = Root();
            var reversed = new ArrayList();
            for (int i = all.Count - 1; i >= 0; i--)
            {
                reversed.Add(all[i]);
            }

            var validator = new ChainValidator(Verifier(leaf, issuing, root));
            validator.RequireClientAuth = true;
            ArrayList path = validator.Validate(leaf, reversed, root, During);

            Assert.AreEqual(3, path.Count);
            Assert.AreEqual("Example Issuing CA", ((Certificate)path[1]).Subject.CommonName);
        }

        [TestMethod]
        public void Validate_TamperedTbs_FailsAtLinkZero()
        {
            byte[] der = Tlv.Patch(PkiFixtures.Leaf(), "64 65 76 69 63 65 2D 30 30 30 31", "64 65 76 69 63 65 2D 30 30 30 32");
            Certificate tampered = Certificate.Parse(der);
            Certificate issuing = Issuing();
            Certificate root = Root();
            var validator = new ChainValidator(Verifier(Leaf(), issuing, root));

            PkiException e = Attempt.Failed(PkiError.VerificationFailed, Attempt.Validate(validator, tampered, List(issuing), root, During));
            Attempt.Says(e, "link 0");
            Attempt.Says(e, "signature");
        }

        [TestMethod]
        public void Validate_IssuerMissing_NamesTheCertificateWithoutIssuer()
        {
            Certificate leaf = Leaf();
            var validator = new ChainValidator(Verifier(leaf, Issuing(), Root()));

            PkiException e = Attempt.Failed(PkiError.VerificationFailed, Attempt.Validate(validator, leaf, null, Root(), During));
            Attempt.Says(e, "Example Issuing CA");
        }

        [TestMethod]
        public void ValidatePath_WrongIssuer_FailsOnNames()
        {
            Certificate leaf = Leaf();
            Certificate root = Root();

            PkiException e = Attempt.Failed(PkiError.VerificationFailed, Attempt.ValidatePath(new ChainValidator(Verifier(leaf, Issuing(), root)), List(leaf, root), During));
            Attempt.Says(e, "issuer Name differs");
        }

        [TestMethod]
        public void Validate_LeafExpired_NamesCertificateZero()
        {
            Certificate leaf = Leaf();
            Certificate issuing = Issuing();
            Certificate root = Root();
            var validator = new ChainValidator(Verifier(leaf, issuing, root));

            PkiException e = Attempt.Failed(PkiError.VerificationFailed, Attempt.Validate(validator, leaf, List(issuing), root, new DateTime(2027, 11, 27, 4, 14, 4)));
            Attempt.Says(e, "certificate 0");
            Attempt.Says(e, "expired 2027-11-27T04:14:03Z");
        }

        [TestMethod]
        public void Validate_AtTheLastValidSecond_Passes()
        {
            Certificate leaf = Leaf();
            Certificate issuing = Issuing();
            Certificate root = Root();

            new ChainValidator(Verifier(leaf, issuing, root)).Validate(leaf, List(issuing), root, new DateTime(2027, 11, 27, 4, 14, 3));
        }

        [TestMethod]
        public void Validate_BeforeNotBefore_Fails()
        {
            Certificate leaf = Leaf();
            Certificate issuing = Issuing();
            Certificate root = Root();
            var validator = new ChainValidator(Verifier(leaf, issuing, root));

            PkiException e = Attempt.Failed(PkiError.VerificationFailed, Attempt.Validate(validator, leaf, List(issuing), root, new DateTime(2026, 1, 1)));
            Attempt.Says(e, "not valid before");
        }

        [TestMethod]
        public void Validate_NonCaIntermediate_FailsAtItsLink()
        {
            // issued-by-leaf ← device-0001 (CA:FALSE) ← issuing ← root; every signature is genuine.
            Certificate sub = Certificate.Parse(PkiFixtures.IssuedByLeaf());
            Certificate leaf = Leaf();
            Certificate issuing = Issuing();
            Certificate root = Root();
            KnownSignatureVerifier verifier = Verifier(leaf, issuing, root).Genuine(sub, leaf);

            PkiException e = Attempt.Failed(PkiError.VerificationFailed, Attempt.Validate(new ChainValidator(verifier), sub, List(leaf, issuing), root, During));
            Attempt.Says(e, "link 0");
            Attempt.Says(e, "not a CA");
        }

        [TestMethod]
        public void Validate_CaBelowPathLengthZero_Fails()
        {
            // device-0002 ← Sub CA ← Issuing CA (pathLenConstraint 0) ← root: OpenSSL says "path length constraint
            // exceeded"; every signature is genuine.
            Certificate leaf2 = Certificate.Parse(PkiFixtures.Leaf2());
            Certificate subCa = Certificate.Parse(PkiFixtures.SubCa());
            Certificate issuing = Issuing();
            Certificate root = Root();
            KnownSignatureVerifier verifier = Verifier(Leaf(), issuing, root).Genuine(subCa, issuing).Genuine(leaf2, subCa);

            PkiException e = Attempt.Failed(PkiError.VerificationFailed, Attempt.Validate(new ChainValidator(verifier), leaf2, List(subCa, issuing), root, During));
            Attempt.Says(e, "link 0");
            Attempt.Says(e, "pathLenConstraint");
        }

        [TestMethod]
        public void Validate_RsaSignedLink_IsUnsupported()
        {
            Certificate rsaIssued = Certificate.Parse(PkiFixtures.RsaIssued());
            Certificate rsaRoot = Certificate.Parse(PkiFixtures.RsaRoot());

            PkiException e = Attempt.Failed(PkiError.Unsupported, Attempt.Validate(new ChainValidator(new KnownSignatureVerifier()), rsaIssued, null, rsaRoot, During));
            Attempt.Says(e, "link 0");
        }

        [TestMethod]
        public void Validate_RequireClientAuthOnACaCertificate_Fails()
        {
            Certificate issuing = Issuing();
            Certificate root = Root();
            var validator = new ChainValidator(Verifier(Leaf(), issuing, root));
            validator.RequireClientAuth = true;

            PkiException e = Attempt.Failed(PkiError.VerificationFailed, Attempt.Validate(validator, issuing, null, root, During));
            Attempt.Says(e, "clientAuth");

            validator.RequireClientAuth = false;
            Assert.AreEqual(2, validator.Validate(issuing, null, root, During).Count);
        }

        [TestMethod]
        public void ValidatePath_TooLong_Fails()
        {
            Certificate root = Root();

            Attempt.Failed(PkiError.VerificationFailed, Attempt.ValidatePath(new ChainValidator(new KnownSignatureVerifier()), List(root, root, root, root, root, root), During));
            Attempt.Failed(PkiError.VerificationFailed, Attempt.ValidatePath(new ChainValidator(new KnownSignatureVerifier()), List(root), During));
        }

        private static Certificate Leaf()
        {
            return Certificate.Parse(PkiFixtures.Leaf());
        }

        private static Certificate Issuing()
        {
            return Certificate.Parse(PkiFixtures.Issuing());
        }

        private static Certificate Root()
        {
            return Certificate.Parse(PkiFixtures.Root());
        }

        private static KnownSignatureVerifier Verifier(Certificate leaf, Certificate issuing, Certificate root)
        {
            return new KnownSignatureVerifier().Genuine(leaf, issuing).Genuine(issuing, root);
        }

        private static ArrayList List(params Certificate[] certificates)
        {
            var list = new ArrayList();
            for (int i = 0; i < certificates.Length; i++)
            {
                list.Add(certificates[i]);
            }

            return list;
        }
    }
}
