using System;

namespace DeviceAgent.Pki
{
    /// <summary>
    /// SHA-256 (FIPS 180-4) in managed code: nanoFramework's mscorlib has no hash API, and the chip's SHA engine
    /// costs an I2C round trip per 64 bytes. Incremental (<see cref="Update"/> then <see cref="Final"/>) so a large
    /// input never needs one buffer; one instance holds its 64-word schedule and is reused after Final.
    /// </summary>
    public sealed class Sha256
    {
        /// <summary>Digest size in bytes.</summary>
        public const int HashSize = 32;

        private const int BlockSize = 64;

        // FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
        private static readonly uint[] K =
        {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        };

        private readonly uint[] _state = new uint[8];
        private readonly uint[] _w = new uint[64];
        private readonly byte[] _block = new byte[BlockSize];
        private int _blockLength;
        private long _totalLength;

        /// <summary>A hasher ready for <see cref="Update"/>.</summary>
        public Sha256()
        {
            Reset();
        }

        /// <summary>SHA-256 of <paramref name="count"/> bytes, as a new 32-byte array.</summary>
        public static byte[] Hash(byte[] data, int offset, int count)
        {
            var hasher = new Sha256();
            hasher.Update(data, offset, count);
            var digest = new byte[HashSize];
            hasher.Final(digest, 0);
            return digest;
        }

        /// <summary>Starts a new hash (FIPS 180-4 §5.3.3 initial values).</summary>
        public void Reset()
        {
            _state[0] = 0x6a09e667;
            _state[1] = 0xbb67ae85;
            _state[2] = 0x3c6ef372;
            _state[3] = 0xa54ff53a;
            _state[4] = 0x510e527f;
            _state[5] = 0x9b05688c;
            _state[6] = 0x1f83d9ab;
            _state[7] = 0x5be0cd19;
            _blockLength = 0;
            _totalLength = 0;
        }

        /// <summary>Adds <paramref name="count"/> bytes to the hash.</summary>
        public void Update(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "range outside the data");
            }

            _totalLength += count;
            while (count > 0)
            {
                int take = BlockSize - _blockLength;
                if (take > count)
                {
                    take = count;
                }

                Array.Copy(data, offset, _block, _blockLength, take);
                _blockLength += take;
                offset += take;
                count -= take;
                if (_blockLength == BlockSize)
                {
                    Compress();
                    _blockLength = 0;
                }
            }
        }

        /// <summary>Pads, writes the 32-byte digest at <paramref name="offset"/>, and resets for the next hash.</summary>
        public void Final(byte[] digest, int offset)
        {
            if (digest == null || offset < 0 || offset > digest.Length - HashSize)
            {
                throw new ArgumentOutOfRangeException(nameof(offset), "no room for a 32-byte digest");
            }

            long bits = _totalLength * 8;
            _block[_blockLength++] = 0x80;
            if (_blockLength > BlockSize - 8)
            {
                Array.Clear(_block, _blockLength, BlockSize - _blockLength);
                Compress();
                _blockLength = 0;
            }

            Array.Clear(_block, _blockLength, BlockSize - 8 - _blockLength);
            for (int i = 0; i < 8; i++)
            {
                _block[BlockSize - 1 - i] = (byte)(bits >> (8 * i));
            }

            Compress();
            for (int i = 0; i < 8; i++)
            {
                uint v = _state[i];
                digest[offset + (4 * i)] = (byte)(v >> 24);
                digest[offset + (4 * i) + 1] = (byte)(v >> 16);
                digest[offset + (4 * i) + 2] = (byte)(v >> 8);
                digest[offset + (4 * i) + 3] = (byte)v;
            }

            Reset();
        }

        private void Compress()
        {
            uint[] w = _w;
            for (int t = 0; t < 16; t++)
            {
                int j = 4 * t;
                w[t] = ((uint)_block[j] << 24) | ((uint)_block[j + 1] << 16) | ((uint)_block[j + 2] << 8) | _block[j + 3];
            }

            for (int t = 16; t < 64; t++)
            {
                uint x = w[t - 15];
                uint y = w[t - 2];
                uint s0 = Rotr(x, 7) ^ Rotr(x, 18) ^ (x >> 3);
                uint s1 = Rotr(y, 17) ^ Rotr(y, 19) ^ (y >> 10);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }

            uint a = _state[0], b = _state[1], c = _state[2], d = _state[3];
            uint e = _state[4], f = _state[5], g = _state[6], h = _state[7];
            for (int t = 0; t < 64; t++)
            {
                uint t1 = h + (Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
                uint t2 = (Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }

            _state[0] += a;
            _state[1] += b;
            _state[2] += c;
            _state[3] += d;
            _state[4] += e;
            _state[5] += f;
            _state[6] += g;
            _state[7] += h;
        }

        private static uint Rotr(uint x, int n)
        {
            return (x >> n) | (x << (32 - n));
        }
    }
}
