using System;
using System.Collections;
using DeviceAgent.Pki;
using nanoFramework.TestFramework;

namespace DeviceAgent.Tests.Pki
{
    /// <summary>
    /// Runs one PKI operation and returns the <see cref="PkiException"/> it threw (null when it succeeded), so
    /// error tests need no lambdas: every lambda adds a compiler-named method to the test assembly, whose string
    /// table the nanoFramework MetadataProcessor limits to 64 KB.
    /// </summary>
    internal static class Attempt
    {
        /// <summary><see cref="DerReader.ReadElement()"/>.</summary>
        public const int Element = 0;

        /// <summary>Enter every SEQUENCE met, read anything else, up to 8 steps.</summary>
        public const int Walk = 1;

        /// <summary><see cref="DerReader.ReadInt32"/>.</summary>
        public const int Int32 = 2;

        /// <summary><see cref="DerReader.ReadBoolean"/>.</summary>
        public const int Boolean = 3;

        /// <summary><see cref="DerReader.ReadBitString"/>.</summary>
        public const int BitString = 4;

        /// <summary><see cref="DerReader.ReadObjectIdentifier"/>.</summary>
        public const int Oid = 5;

        /// <summary><see cref="DerReader.ReadNull"/>.</summary>
        public const int Null = 6;

        /// <summary><see cref="DerReader.ReadString"/>.</summary>
        public const int String = 7;

        /// <summary><see cref="DerReader.ReadTime"/>.</summary>
        public const int Time = 8;

        /// <summary><see cref="DerReader.EnterEncapsulated"/> on a BIT STRING.</summary>
        public const int EncapsulatedBits = 9;

        /// <summary><see cref="DerReader.Enter"/> of a SEQUENCE.</summary>
        public const int Sequence = 10;

        /// <summary><see cref="DerReader.ReadOctetString"/>.</summary>
        public const int OctetString = 11;

        /// <summary><see cref="DerReader.Exit"/>.</summary>
        public const int Exit = 12;

        /// <summary><see cref="DerReader.ExpectEnd"/>.</summary>
        public const int End = 13;

        /// <summary>Runs <paramref name="operation"/> on a reader over all of <paramref name="data"/>; after it the
        /// reader must be at the end (<see cref="DerReader.ExpectEnd"/>).</summary>
        public static PkiException Read(byte[] data, int operation, bool ber)
        {
            var reader = new DerReader(data, 0, data.Length, ber, 8);
            try
            {
                Run(reader, operation);
                if (operation != Walk && operation != Sequence && operation != EncapsulatedBits && operation != End)
                {
                    reader.ExpectEnd();
                }
            }
            catch (PkiException e)
            {
                return e;
            }

            return null;
        }

        /// <summary>Runs <paramref name="operation"/> at the reader's position.</summary>
        public static PkiException Read(DerReader reader, int operation)
        {
            try
            {
                Run(reader, operation);
            }
            catch (PkiException e)
            {
                return e;
            }

            return null;
        }

        public static PkiException ParseCertificate(byte[] der, int length)
        {
            try
            {
                Certificate.Parse(der, 0, length);
            }
            catch (PkiException e)
            {
                return e;
            }

            return null;
        }

        public static PkiException ParsePkcs7(byte[] p7, int length)
        {
            try
            {
                Pkcs7CertsOnly.Parse(p7, 0, length);
            }
            catch (PkiException e)
            {
                return e;
            }

            return null;
        }

        public static PkiException DecodeSignature(byte[] data)
        {
            try
            {
                EcdsaSignatureDecoder.Decode(data, 0, data.Length, EcdsaSignatureDecoder.P256ComponentLength);
            }
            catch (PkiException e)
            {
                return e;
            }

            return null;
        }

        public static PkiException Validate(ChainValidator validator, Certificate leaf, ArrayList intermediates, Certificate anchor, DateTime time)
        {
            try
            {
                validator.Validate(leaf, intermediates, anchor, time);
            }
            catch (PkiException e)
            {
                return e;
            }

            return null;
        }

        public static PkiException ValidatePath(ChainValidator validator, ArrayList path, DateTime time)
        {
            try
            {
                validator.ValidatePath(path, time);
            }
            catch (PkiException e)
            {
                return e;
            }

            return null;
        }

        /// <summary>Asserts that <paramref name="e"/> is an error of kind <paramref name="expected"/>; returns it.</summary>
        public static PkiException Failed(PkiError expected, PkiException e)
        {
            Assert.IsNotNull(e, "expected PkiError " + (int)expected + ", nothing was thrown");
            Assert.AreEqual((int)expected, (int)e.Error, e.Message);
            return e;
        }

        /// <summary>Asserts that the message of <paramref name="e"/> contains <paramref name="part"/>.</summary>
        public static void Says(PkiException e, string part)
        {
            Assert.IsTrue(e.Message.IndexOf(part) >= 0, e.Message);
        }

        private static void Run(DerReader reader, int operation)
        {
            switch (operation)
            {
                case Element:
                    reader.ReadElement();
                    break;
                case Walk:
                    for (int i = 0; i < 8; i++)
                    {
                        if (reader.PeekTag() == DerReader.TagSequence)
                        {
                            reader.Enter(DerReader.TagSequence);
                        }
                        else
                        {
                            reader.ReadElement();
                        }
                    }

                    break;
                case Int32:
                    reader.ReadInt32();
                    break;
                case Boolean:
                    reader.ReadBoolean();
                    break;
                case BitString:
                    reader.ReadBitString();
                    break;
                case Oid:
                    reader.ReadObjectIdentifier();
                    break;
                case Null:
                    reader.ReadNull();
                    break;
                case String:
                    reader.ReadString();
                    break;
                case Time:
                    reader.ReadTime();
                    break;
                case EncapsulatedBits:
                    reader.EnterEncapsulated(DerReader.TagBitString);
                    break;
                case Sequence:
                    reader.Enter(DerReader.TagSequence);
                    break;
                case Exit:
                    reader.Exit();
                    break;
                case End:
                    reader.ExpectEnd();
                    break;
                default:
                    reader.ReadOctetString();
                    break;
            }
        }
    }
}
