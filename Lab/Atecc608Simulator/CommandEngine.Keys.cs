using Atecc608Driver;

namespace Atecc608Simulator;

/// <summary>GenKey, Sign, Verify and ECDH: the P-256 commands (facts/atecc608.md §3.3, §5, §7).</summary>
internal sealed partial class CommandEngine
{
    private const byte GenKeyPublic = 0x00;
    private const byte GenKeyPrivate = 0x04;

    private const byte SignExternalTempKey = 0x80;
    private const byte SignExternalMessageDigest = 0xA0;

    private const byte VerifyExternalTempKey = 0x02;
    private const byte VerifyExternalMessageDigest = 0x22;

    /// <summary>Verify external param2: key type P-256 (facts §3.3).</summary>
    private const ushort VerifyKeyTypeP256 = 0x0004;

    /// <summary>ECDH mode 0x00: result handling per the slot's ReadKey bit 3; 0x0C: result to the output buffer.</summary>
    private const byte EcdhPerSlotConfig = 0x00;
    private const byte EcdhToOutput = 0x0C;

    /// <summary>Private-key slots store 4 pad bytes then the 32-byte scalar (the PrivWrite layout, facts §3.1).</summary>
    private const int ScalarOffset = 4;

    private byte[] GenKey(CommandRequest r)
    {
        // Digest modes (0x08, 0x10) and the TempKey target (param2 0xFFFF) are not modelled.
        if (r.Data.Length != 0 || (r.Param1 != GenKeyPublic && r.Param1 != GenKeyPrivate) || r.Param2 >= NonVolatileMemory.SlotCount)
        {
            return ParseError;
        }

        int slot = r.Param2;
        KeyConfig keyConfig = memory.KeyConfigOf(slot);
        if (!memory.ConfigLocked || !keyConfig.IsP256PrivateKey)
        {
            return ExecutionError;
        }

        if (r.Param1 == GenKeyPublic)
        {
            byte[]? publicKey = keyConfig.PubInfo ? P256.PublicKeyOf(ScalarOf(slot)) : null;
            return publicKey ?? ExecutionError;
        }

        if (memory.DataLocked && (!memory.SlotConfigOf(slot).GenKeyAllowed || memory.IsSlotLocked(slot)))
        {
            return ExecutionError;
        }

        (byte[] scalar, byte[] created) = P256.Generate();
        byte[] stored = memory.Slots[slot];
        Array.Clear(stored);
        Array.Copy(scalar, 0, stored, ScalarOffset, P256.Size);
        return created;
    }

    private byte[] Sign(CommandRequest r)
    {
        // Internal sign (0x00, key attestation over GenDig/GenKey messages) is not modelled.
        if (r.Data.Length != 0 || (r.Param1 != SignExternalTempKey && r.Param1 != SignExternalMessageDigest)
            || r.Param2 >= NonVolatileMemory.SlotCount)
        {
            return ParseError;
        }

        int slot = r.Param2;
        if (!memory.DataLocked || !KeyUsable(slot) || !memory.SlotConfigOf(slot).ExternalSignAllowed)
        {
            return ExecutionError;
        }

        bool fromTempKey = r.Param1 == SignExternalTempKey;
        byte[]? digest = fromTempKey ? TempKeyDigest(memory.KeyConfigOf(slot)) : MessageDigest();
        if (digest == null)
        {
            return ExecutionError;
        }

        byte[]? signature = P256.Sign(ScalarOf(slot), digest);
        if (signature == null)
        {
            return ExecutionError;
        }

        // The source is used up: the next Sign needs a new Nonce.
        if (fromTempKey)
        {
            state.TempKeyValid = false;
        }
        else
        {
            state.MessageDigestValid = false;
        }

        return signature;
    }

    private byte[] Verify(CommandRequest r)
    {
        // Stored, validate and invalidate modes and the MAC output are not modelled.
        if ((r.Param1 != VerifyExternalTempKey && r.Param1 != VerifyExternalMessageDigest)
            || r.Param2 != VerifyKeyTypeP256 || r.Data.Length != 4 * P256.Size)
        {
            return ParseError;
        }

        byte[]? digest = r.Param1 == VerifyExternalTempKey
            ? (state.TempKeyValid ? state.TempKey[..P256.Size] : null)
            : MessageDigest();
        if (digest == null)
        {
            return ExecutionError;
        }

        bool? valid = P256.Verify(r.Data[(2 * P256.Size)..], digest, r.Data[..(2 * P256.Size)]);
        return valid switch
        {
            true => Success,
            false => Status(Atecc608Status.Miscompare),
            null => ExecutionError, // X‖Y is not a point on P-256
        };
    }

    private byte[] Ecdh(CommandRequest r)
    {
        // TempKey source, encrypted output and explicit copy targets are not modelled.
        if ((r.Param1 != EcdhPerSlotConfig && r.Param1 != EcdhToOutput) || r.Data.Length != 2 * P256.Size
            || r.Param2 >= NonVolatileMemory.SlotCount)
        {
            return ParseError;
        }

        int slot = r.Param2;
        SlotConfig slotConfig = memory.SlotConfigOf(slot);
        if (!memory.DataLocked || !KeyUsable(slot) || !slotConfig.EcdhAllowed)
        {
            return ExecutionError;
        }

        byte[]? secret = P256.SharedSecret(ScalarOf(slot), r.Data);
        if (secret == null)
        {
            return ExecutionError;
        }

        if (r.Param1 == EcdhPerSlotConfig && slotConfig.EcdhResultToNextSlot)
        {
            if (slot + 1 >= NonVolatileMemory.SlotCount)
            {
                return ExecutionError;
            }

            Array.Copy(secret, memory.Slots[slot + 1], P256.Size);
            return Success;
        }

        return secret;
    }

    /// <summary>
    /// A P-256 private-key slot whose key needs nothing the simulator does not model (authorization, the
    /// persistent latch).
    /// </summary>
    private bool KeyUsable(int slot)
    {
        KeyConfig keyConfig = memory.KeyConfigOf(slot);
        return keyConfig.IsP256PrivateKey && !keyConfig.ReqAuth && !keyConfig.PersistentDisable;
    }

    /// <summary>
    /// The digest in TempKey, or null when TempKey is invalid or the key requires a random nonce and TempKey came
    /// from pass-through input (facts §7.1: unverified on the chip; our reading of ReqRandom).
    /// </summary>
    private byte[]? TempKeyDigest(KeyConfig keyConfig)
    {
        if (!state.TempKeyValid || (keyConfig.ReqRandom && !state.TempKeyFromRandom))
        {
            return null;
        }

        return state.TempKey[..P256.Size];
    }

    private byte[]? MessageDigest() => state.MessageDigestValid ? state.MessageDigestBuffer[..P256.Size] : null;

    private byte[] ScalarOf(int slot) => memory.Slots[slot][ScalarOffset..(ScalarOffset + P256.Size)];
}
