using System.Security.Cryptography;
using Atecc608Driver;

namespace Atecc608Simulator;

/// <summary>Info, Random, Nonce, SHA, Counter and SelfTest (facts/atecc608.md §3.3, §8, §9, §11).</summary>
internal sealed partial class CommandEngine
{
    private const byte InfoRevision = 0x00;
    private const byte InfoKeyValid = 0x01;

    /// <summary>Random mode 0x00 updates the seed, 0x01 does not (CAL RANDOM_SEED_UPDATE / RANDOM_NO_SEED_UPDATE).</summary>
    private const byte RandomNoSeedUpdate = 0x01;

    /// <summary>Nonce random modes take a 20-byte NumIn (facts §3.3).</summary>
    private const int NonceNumInLength = 20;

    private const byte ShaStart = 0x00;
    private const byte ShaUpdate = 0x01;
    private const byte ShaEnd = 0x02;
    private const byte ShaTargetTempKey = 0x00;
    private const byte ShaTargetMessageDigest = 0x40;
    private const byte ShaTargetOutputOnly = 0xC0;
    private const int ShaBlock = 64;

    /// <summary>SelfTest bit map: RNG 0x01, ECDSA 0x02, ECDH 0x08, AES 0x10, SHA 0x20; 0x3B = all (CAL SELFTEST_MODE_ALL).</summary>
    private const byte SelfTestAll = 0x3B;

    private byte[] Info(CommandRequest r)
    {
        if (r.Data.Length != 0)
        {
            return ParseError;
        }

        switch (r.Param1)
        {
            case InfoRevision:
                // RevNum, the same bytes as config 4–7: 00 00 60 03 on a 608B (facts §3.3).
                return memory.Config[4..8];
            case InfoKeyValid:
                if (r.Param2 >= NonVolatileMemory.SlotCount)
                {
                    return ParseError;
                }

                return [KeyValid(r.Param2) ? (byte)1 : (byte)0, 0, 0, 0];
            default:
                // State, GPIO and latch modes are not modelled.
                return ParseError;
        }
    }

    /// <summary>
    /// KeyValid (our reading): a private-key slot holds a valid P-256 scalar; a P-256 public-key slot that needs
    /// validation (PubInfo) has the valid marker 0x5 in the top nibble of its first byte (facts §4.2); any other
    /// P-256 public-key slot is valid; other key types are not ECC keys and report 0.
    /// </summary>
    private bool KeyValid(int slot)
    {
        KeyConfig keyConfig = memory.KeyConfigOf(slot);
        if (keyConfig.KeyType != KeyConfig.KeyTypeP256)
        {
            return false;
        }

        if (keyConfig.Private)
        {
            return P256.PublicKeyOf(ScalarOf(slot)) != null;
        }

        return !keyConfig.PubInfo || (memory.Slots[slot][0] >> 4) == 0x5;
    }

    private byte[] Random(CommandRequest r)
    {
        if (r.Data.Length != 0 || r.Param1 > RandomNoSeedUpdate)
        {
            return ParseError;
        }

        return RandomBytes();
    }

    /// <summary>
    /// 32 random bytes, or the test pattern FF FF 00 00 × 8 while the config zone is unlocked (facts §8). The
    /// simulator also uses the pattern for Nonce's RandOut while unlocked (on the chip: unverified).
    /// </summary>
    private byte[] RandomBytes()
    {
        byte[] bytes = new byte[32];
        if (memory.ConfigLocked)
        {
            RandomNumberGenerator.Fill(bytes);
        }
        else
        {
            for (int i = 0; i < bytes.Length; i += 4)
            {
                bytes[i] = 0xFF;
                bytes[i + 1] = 0xFF;
            }
        }

        return bytes;
    }

    private byte[] Nonce(CommandRequest r)
    {
        switch (r.Param1)
        {
            case 0x00:
            case 0x01:
                if (r.Data.Length != NonceNumInLength)
                {
                    return ParseError;
                }

                // TempKey = SHA-256(RandOut ‖ NumIn ‖ opcode ‖ mode ‖ LSB of param2) (CAL atcah_nonce, facts §3.3).
                byte[] randOut = RandomBytes();
                byte[] tempKey = SHA256.HashData([.. randOut, .. r.Data, (byte)Opcode.Nonce, r.Param1, (byte)r.Param2]);
                LoadTempKey(tempKey, fromRandom: true);
                return randOut;
            case 0x03:
                return PassThrough(r, 32, () => LoadTempKey(r.Data, fromRandom: false));
            case 0x23:
                return PassThrough(r, 64, () => LoadTempKey(r.Data, fromRandom: false));
            case 0x43:
            case 0x63:
                return PassThrough(r, r.Param1 == 0x43 ? 32 : 64, () =>
                {
                    Array.Clear(state.MessageDigestBuffer);
                    r.Data.CopyTo(state.MessageDigestBuffer, 0);
                    state.MessageDigestValid = true;
                });
            case 0x83:
                return PassThrough(r, 32, () =>
                {
                    r.Data.CopyTo(state.AlternateKeyBuffer, 0);
                    state.AlternateKeyValid = true;
                });
            default:
                // Includes mode 0x02, invalid on the 608 (NONCE_MODE_INVALID).
                return ParseError;
        }
    }

    private static byte[] PassThrough(CommandRequest r, int length, Action load)
    {
        if (r.Data.Length != length)
        {
            return ParseError;
        }

        load();
        return Success;
    }

    private void LoadTempKey(byte[] value, bool fromRandom)
    {
        Array.Clear(state.TempKey);
        value.CopyTo(state.TempKey, 0);
        state.TempKeyValid = true;
        state.TempKeyFromRandom = fromRandom;
    }

    private byte[] Sha(CommandRequest r)
    {
        int mode = r.Param1 & 0x07;
        int target = r.Param1 & 0xC0;
        if ((r.Param1 & 0x38) != 0 || target == 0x80)
        {
            return ParseError;
        }

        switch (mode)
        {
            case ShaStart:
                if (r.Data.Length != 0)
                {
                    return ParseError;
                }

                state.StartSha();
                return Success;
            case ShaUpdate:
                if (r.Data.Length != ShaBlock || r.Param2 != ShaBlock)
                {
                    return ParseError;
                }

                if (state.Sha == null)
                {
                    return ExecutionError;
                }

                state.Sha.AppendData(r.Data);
                return Success;
            case ShaEnd:
                if (r.Data.Length >= ShaBlock || r.Param2 != r.Data.Length)
                {
                    return ParseError;
                }

                if (state.Sha == null)
                {
                    return ExecutionError;
                }

                state.Sha.AppendData(r.Data);
                byte[] digest = state.FinishSha();
                if (target == ShaTargetTempKey)
                {
                    LoadTempKey(digest, fromRandom: false);
                }
                else if (target == ShaTargetMessageDigest)
                {
                    Array.Clear(state.MessageDigestBuffer);
                    digest.CopyTo(state.MessageDigestBuffer, 0);
                    state.MessageDigestValid = true;
                }
                else
                {
                    System.Diagnostics.Debug.Assert(target == ShaTargetOutputOnly, "target checked above");
                }

                return digest;
            default:
                // Public-key digest, HMAC and context read/write modes are not modelled.
                return ParseError;
        }
    }

    private byte[] Counter(CommandRequest r)
    {
        if (r.Data.Length != 0 || r.Param1 > 1 || r.Param2 > 1)
        {
            return ParseError;
        }

        uint value = memory.Counters[r.Param2];
        if (r.Param1 == 1)
        {
            if (value >= NonVolatileMemory.CounterMax)
            {
                return ExecutionError;
            }

            value++;
            memory.Counters[r.Param2] = value;
        }

        byte[] reply = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(reply, value);
        return reply;
    }

    private static byte[] SelfTest(CommandRequest r)
    {
        if (r.Data.Length != 0 || (r.Param1 & ~SelfTestAll) != 0)
        {
            return ParseError;
        }

        // Every simulated test passes, so both running tests and reading the failure map answer 0x00.
        return Success;
    }
}
