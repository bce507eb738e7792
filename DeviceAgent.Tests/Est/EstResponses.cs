using System;
using DeviceAgent.Pki;

namespace DeviceAgent.Tests.Est
{
    /// <summary>Builds canned EST responses: certs-only PKCS#7 (RFC 5652, as <c>openssl crl2pkcs7</c> lays it out), base64
    /// bodies and HTTP heads.</summary>
    internal static class EstResponses
    {
        private static readonly byte[] SignedDataOid = { 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02 };
        private static readonly byte[] Inner = { 0x02, 0x01, 0x01, 0x31, 0x00, 0x30, 0x0B, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01 };

        public static byte[] P7(params byte[][] certificates)
        {
            byte[] set = Tlv(0xA0, Cat(certificates));
            byte[] signedData = Tlv(0x30, Cat(new byte[][] { Inner, set, new byte[] { 0x31, 0x00 } }));
            return Tlv(0x30, Cat(new byte[][] { SignedDataOid, Tlv(0xA0, signedData) }));
        }

        /// <summary>base64 of <paramref name="der"/>, 64-column LF lines (libest) or one line (lineLength 0).</summary>
        public static byte[] B64(byte[] der, int lineLength)
        {
            var output = new byte[Base64.EncodedLength(der.Length, lineLength, false)];
            Base64.Encode(der, 0, der.Length, output, 0, output.Length, lineLength, false);
            return output;
        }

        /// <summary>Status line and headers (each ending CRLF, given without it, separated by '|'), blank line, body.</summary>
        public static byte[] Http(string head, byte[] body)
        {
            body = body ?? new byte[0];
            var bytes = new byte[(2 * head.Length) + 4 + body.Length];
            int n = 0;
            for (int i = 0; i < head.Length; i++)
            {
                if (head[i] == '|')
                {
                    bytes[n++] = 13;
                    bytes[n++] = 10;
                }
                else
                {
                    bytes[n++] = (byte)head[i];
                }
            }

            bytes[n++] = 13;
            bytes[n++] = 10;
            bytes[n++] = 13;
            bytes[n++] = 10;
            Array.Copy(body, 0, bytes, n, body.Length);
            n += body.Length;
            var result = new byte[n];
            Array.Copy(bytes, result, n);
            return result;
        }

        /// <summary>200 with application/pkcs7-mime, Content-Length and base64 in 64-column lines.</summary>
        public static byte[] Ok(byte[] p7)
        {
            byte[] body = B64(p7, 64);
            return Http("HTTP/1.1 200 OK|Content-Type: application/pkcs7-mime; smime-type=certs-only|Content-Transfer-Encoding: base64|Content-Length: " + body.Length, body);
        }

        public static byte[] Ascii(string text)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }

        private static byte[] Tlv(int tag, byte[] content)
        {
            int n = content.Length;
            int lengthBytes = n < 0x80 ? 1 : n < 0x100 ? 2 : 3;
            var output = new byte[1 + lengthBytes + n];
            output[0] = (byte)tag;
            if (lengthBytes == 1)
            {
                output[1] = (byte)n;
            }
            else if (lengthBytes == 2)
            {
                output[1] = 0x81;
                output[2] = (byte)n;
            }
            else
            {
                output[1] = 0x82;
                output[2] = (byte)(n >> 8);
                output[3] = (byte)n;
            }

            Array.Copy(content, 0, output, 1 + lengthBytes, n);
            return output;
        }

        private static byte[] Cat(byte[][] parts)
        {
            int n = 0;
            for (int i = 0; i < parts.Length; i++)
            {
                n += parts[i].Length;
            }

            var output = new byte[n];
            n = 0;
            for (int i = 0; i < parts.Length; i++)
            {
                Array.Copy(parts[i], 0, output, n, parts[i].Length);
                n += parts[i].Length;
            }

            return output;
        }
    }
}
