using DeviceAgent.Pki;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Pki
{
    /// <summary>
    /// R‖S → DER ECDSA-Sig-Value and its BIT STRING, against Microchip CAL's vectors
    /// (test/atcacert/test_atcacert_der_ecdsa_sig_value.c; atecc608.md §7.2) and the TNGTLS CSR of atecc608.md §13.6.
    /// The vectors are assembled at run time from their 32-byte halves: nanoFramework keeps every string literal of
    /// the test assembly in one 64 KB table.
    /// </summary>
    [TestClass]
    public class EcdsaSignatureTests
    {
        private static readonly string R01 = "01B9B10A5E15DFF2965B73FF5E0216241BC81D1380E8E999B528F4DD05BDE68E";
        private static readonly string RA2 = "A2B9B10A5E15DFF2965B73FF5E0216241BC81D1380E8E999B528F4DD05BDE68E";
        private static readonly string R37 = "37B9B10A5E15DFF2965B73FF5E0216241BC81D1380E8E999B528F4DD05BDE68E";
        private static readonly string S37 = "37A9FDF617ED5CA4F7622A1861162EFA0C74642234378F400362B5DB042A6528";
        private static readonly string SA2 = "A2A9FDF617ED5CA4F7622A1861162EFA0C74642234378F400362B5DB042A6528";
        private static readonly string RTrim = "0001EE1470E408F0660D9BEDB07B8C5BCB1A1AB16121B0E94D4D377E9A128F9A";
        private static readonly string STrim = "000000020F9CCEF645CCD1299776BC3BF49DBC347C2296EAAF0C966BEC6EA798";
        private static readonly string Zero = "0000000000000000000000000000000000000000000000000000000000000000";

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(3)]
        [DataRow(4)]
        [DataRow(5)]
        [DataRow(6)]
        public void BitString_MatchesVector(int vector)
        {
            string raw;
            string expected;
            switch (vector)
            {
                case 0:   // CAL no_padding
                    raw = R01 + S37;
                    expected = "03470030440220" + R01 + "0220" + S37;
                    break;
                case 1:   // CAL r_padding
                    raw = RA2 + S37;
                    expected = "0348003045022100" + RA2 + "0220" + S37;
                    break;
                case 2:   // CAL s_padding
                    raw = R37 + SA2;
                    expected = "03480030450220" + R37 + "022100" + SA2;
                    break;
                case 3:   // CAL rs_padding
                    raw = RA2 + SA2;
                    expected = "0349003046022100" + RA2 + "022100" + SA2;
                    break;
                case 4:   // CAL trim
                    raw = RTrim + STrim;
                    expected = "0343003040021F" + RTrim.Substring(2) + "021D" + STrim.Substring(6);
                    break;
                case 5:   // CAL trim_all
                    raw = Zero + Zero;
                    expected = "0309003006020100020100";
                    break;
                default:  // atecc608.md §13.6: the signature a TNGTLS chip made
                    raw = Pkcs10BuilderTests.TngSignature;
                    expected = "03480030450220" + raw.Substring(0, 64) + "022100" + raw.Substring(64);
                    break;
            }

            byte[] rs = Hex.Parse(raw);
            var buffer = new byte[EcdsaSignature.MaxBitStringLength];
            var writer = new DerWriter(buffer, 0, buffer.Length);

            EcdsaSignature.WriteBitString(writer, rs, 0);

            PkiAssert.Bytes(expected, buffer, writer.Start, writer.Length);
            Assert.AreEqual(writer.Length, EcdsaSignature.BitStringLength(rs, 0), "size");
        }

        [TestMethod]
        public void Encode_StartsAtTheOffset()
        {
            byte[] rs = Hex.Parse("FF" + RA2 + SA2);
            var output = PkiAssert.Filled(80, 0xEE);

            int length = EcdsaSignature.Encode(rs, 1, output, 3, 77);

            Assert.AreEqual(EcdsaSignature.MaxSigValueLength, length, "length");
            PkiAssert.Bytes("EEEEEE3046022100A2B9", output, 0, 10);
            Assert.AreEqual(length, EcdsaSignature.SigValueLength(rs, 1), "size");
        }

        [TestMethod]
        public void Encode_TooSmall_WritesNothing()
        {
            byte[] rs = Hex.Parse(RA2 + S37);   // 71 bytes of ECDSA-Sig-Value
            var output = PkiAssert.Filled(80, 0xEE);

            PkiAssert.Throws(PkiError.TooLarge, () => EcdsaSignature.Encode(rs, 0, output, 0, 70));
            PkiAssert.Throws(PkiError.TooLarge, () => EcdsaSignature.WriteBitString(new DerWriter(output, 0, 72), rs, 0));
            PkiAssert.Throws(PkiError.TooLarge, () => EcdsaSignature.WriteSigValue(new DerWriter(output, 0, 70), rs, 0));

            PkiAssert.Untouched(output, 0xEE);
            int length = EcdsaSignature.Encode(rs, 0, output, 0, 71);
            Assert.AreEqual(71, length, "length");
        }

        [TestMethod]
        public void ShortRawSignature_IsRefused()
        {
            PkiAssert.Throws(PkiError.BadValue, () => EcdsaSignature.SigValueLength(new byte[63], 0));
            PkiAssert.Throws(PkiError.BadValue, () => EcdsaSignature.BitStringLength(new byte[64], 1));
        }
    }
}
