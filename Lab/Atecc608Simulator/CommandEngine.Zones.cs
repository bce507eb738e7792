using Atecc608Driver;

namespace Atecc608Simulator;

/// <summary>Read, Write, Lock and UpdateExtra: the zone and lock rules (facts/atecc608.md §3.3, §4, §5, §6).</summary>
internal sealed partial class CommandEngine
{
    private const int ZoneConfig = 0;
    private const int ZoneOtp = 1;
    private const int ZoneData = 2;

    /// <summary>Read/Write param1 bit 7: 32-byte access (READ_ZONE_MASK 0x83, WRITE_ZONE_MASK 0xC3).</summary>
    private const byte Access32 = 0x80;

    /// <summary>Write param1 bit 6: encrypted write with a 32-byte MAC (not modelled).</summary>
    private const byte WriteEncrypted = 0x40;

    /// <summary>Lock param1 bit 7: skip the summary CRC (LOCK_ZONE_NO_CRC).</summary>
    private const byte LockNoCrc = 0x80;

    /// <summary>Config bytes 0–15 (serial number, revision, AES/I2C enable) are never writable (facts §3.3).</summary>
    private const int ConfigReadOnlyEnd = 16;

    /// <summary>Config bytes 84–87 change only through UpdateExtra and Lock (facts §3.3).</summary>
    private const int ConfigExtraStart = 84;

    private byte[] Read(CommandRequest r)
    {
        if (r.Data.Length != 0 || (r.Param1 & ~0x83) != 0)
        {
            return ParseError;
        }

        int length = (r.Param1 & Access32) != 0 ? 32 : 4;
        if (!TryResolve(r.Param1 & 0x03, r.Param2, length, out byte[] zone, out int offset, out int slot))
        {
            return ParseError;
        }

        if (zone != memory.Config)
        {
            if (!memory.DataLocked)
            {
                return ExecutionError;
            }

            if (slot >= 0)
            {
                SlotConfig slotConfig = memory.SlotConfigOf(slot);
                if (slotConfig.IsSecret || slotConfig.EncryptRead)
                {
                    return ExecutionError;
                }
            }
        }

        // The short last block of a slot reads as 32 bytes, padded here with zeros (facts §3.3).
        byte[] result = new byte[length];
        Array.Copy(zone, offset, result, 0, Math.Min(length, zone.Length - offset));
        return result;
    }

    private byte[] Write(CommandRequest r)
    {
        if ((r.Param1 & ~0xC3) != 0)
        {
            return ParseError;
        }

        bool is32 = (r.Param1 & Access32) != 0;
        bool encrypted = (r.Param1 & WriteEncrypted) != 0;
        int length = is32 ? 32 : 4;
        if (r.Data.Length != length + (encrypted ? 32 : 0)
            || !TryResolve(r.Param1 & 0x03, r.Param2, length, out byte[] zone, out int offset, out int slot))
        {
            return ParseError;
        }

        if (encrypted)
        {
            // Encrypted writes are not modelled; no slot policy the simulator accepts needs them.
            return ExecutionError;
        }

        if (zone == memory.Config)
        {
            bool touchesFixedBytes = offset < ConfigReadOnlyEnd
                || (offset < ConfigExtraStart + 4 && offset + length > ConfigExtraStart);
            if (memory.ConfigLocked || touchesFixedBytes)
            {
                return ExecutionError;
            }
        }
        else if (!memory.ConfigLocked)
        {
            return ExecutionError;
        }
        else if (!memory.DataLocked)
        {
            if (!is32)
            {
                return ExecutionError;
            }
        }
        else if (slot < 0 || !SlotWritableAfterDataLock(slot, is32))
        {
            // After the data lock OTP is read-only (608 has no OTP modes).
            return ExecutionError;
        }

        // A 32-byte write to the short last block of a slot keeps only the bytes inside the slot.
        Array.Copy(r.Data, 0, zone, offset, Math.Min(length, zone.Length - offset));
        return Success;
    }

    private bool SlotWritableAfterDataLock(int slot, bool is32)
    {
        SlotConfig slotConfig = memory.SlotConfigOf(slot);
        return !memory.KeyConfigOf(slot).Private
            && slotConfig.ClearWriteAllowed
            && !memory.IsSlotLocked(slot)
            && (is32 || !slotConfig.IsSecret);
    }

    private byte[] Lock(CommandRequest r)
    {
        if (r.Data.Length != 0 || (r.Param1 & ~0xBF) != 0)
        {
            return ParseError;
        }

        bool checkCrc = (r.Param1 & LockNoCrc) == 0;
        int slot = (r.Param1 >> 2) & 0x0F;
        switch (r.Param1 & 0x03)
        {
            case 0:
                if (slot != 0)
                {
                    return ParseError;
                }

                if (memory.ConfigLocked
                    || (checkCrc && Crc16.Compute(memory.Config, 0, NonVolatileMemory.ConfigSize) != r.Param2))
                {
                    return ExecutionError;
                }

                memory.Config[NonVolatileMemory.LockConfigByte] = NonVolatileMemory.Locked;
                return Success;

            case 1:
                if (slot != 0)
                {
                    return ParseError;
                }

                if (!memory.ConfigLocked || memory.DataLocked || (checkCrc && memory.DataZoneCrc() != r.Param2))
                {
                    return ExecutionError;
                }

                memory.Config[NonVolatileMemory.LockValueByte] = NonVolatileMemory.Locked;
                return Success;

            case 2:
                // Slot lock: CAL sends param2 = 0 without the no-CRC bit, so the summary is not checked here
                // (facts §6: CRC semantics of slot lock unverified).
                if (!memory.DataLocked || !memory.KeyConfigOf(slot).Lockable || memory.IsSlotLocked(slot))
                {
                    return ExecutionError;
                }

                memory.LockSlot(slot);
                return Success;

            default:
                return ParseError;
        }
    }

    private byte[] UpdateExtra(CommandRequest r)
    {
        if (r.Data.Length != 0 || r.Param1 > 1)
        {
            // Mode 2 (decrement a limited-use counter) is not modelled.
            return ParseError;
        }

        int index = ConfigExtraStart + r.Param1;
        if (!memory.ConfigLocked || memory.Config[index] != 0x00)
        {
            return ExecutionError;
        }

        memory.Config[index] = (byte)r.Param2;
        return Success;
    }

    /// <summary>
    /// Decodes a Read/Write address (facts §4.3) into the zone array and byte offset; <paramref name="slot"/>
    /// is the data slot or −1. For 32-byte access the word bits are ignored (block-aligned). False for zone 3,
    /// an address outside the zone or slot, or stray address bits.
    /// </summary>
    private bool TryResolve(int zoneCode, ushort address, int length, out byte[] zone, out int offset, out int slot)
    {
        zone = [];
        offset = 0;
        slot = -1;
        int word = address & 0x07;
        int block;
        switch (zoneCode)
        {
            case ZoneConfig:
                if (address >> 5 != 0)
                {
                    return false;
                }

                zone = memory.Config;
                block = address >> 3;
                break;
            case ZoneOtp:
                if (address >> 4 != 0)
                {
                    return false;
                }

                zone = memory.Otp;
                block = address >> 3;
                break;
            case ZoneData:
                if ((address & 0x80) != 0)
                {
                    return false;
                }

                slot = (address >> 3) & 0x0F;
                zone = memory.Slots[slot];
                block = address >> 8;
                break;
            default:
                return false;
        }

        offset = (block * 32) + (length == 32 ? 0 : word * 4);
        return offset + (length == 32 ? 1 : length) <= zone.Length;
    }
}
