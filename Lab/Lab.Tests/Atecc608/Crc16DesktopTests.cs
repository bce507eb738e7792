using Atecc608Driver;

namespace Lab.Tests.Atecc608;

/// <summary>
/// The portable CRC and framing, built for desktop, checked against an independent formulation: the ATECC608
/// CRC register is the bit-reversal of CRC-16/ARC (reflected polynomial 0xA001, init 0), as the Linux kernel's
/// atmel-i2c driver computes it (facts/atecc608.md §2.3).
/// </summary>
public class Crc16DesktopTests
{
    [Fact]
    public void Compute_EqualsBitReversedCrc16Arc_OnRandomInputs()
    {
        var random = new Random(608);
        for (int n = 0; n < 2000; n++)
        {
            var data = new byte[random.Next(0, 160)];
            random.NextBytes(data);

            Assert.Equal(BitReverse16(Crc16Arc(data)), Crc16.Compute(data, 0, data.Length));
        }
    }

    [Fact]
    public void EncodeCommand_ThenCheckResponse_AcceptsItsOwnFraming()
    {
        // A command group has the same count/…/CRC shape as a response group, so the response checker
        // must accept any command the encoder writes whose size is within response bounds.
        var random = new Random(7030);
        var buffer = new byte[Packet.MaxCommandWriteLength];
        for (int n = 0; n < 500; n++)
        {
            var data = new byte[random.Next(0, Packet.MaxResponseLength - Packet.MinCommandLength + 1)];
            random.NextBytes(data);

            int written = Packet.EncodeCommand(buffer, 0, Opcode.Nonce, (byte)random.Next(256), (ushort)random.Next(65536), data, 0, data.Length);

            Assert.Equal(written - 1, Packet.CheckResponse(buffer, 1, written - 1, Opcode.Nonce));
            Assert.Equal(data, buffer.AsSpan(6, data.Length).ToArray());
        }
    }

    [Fact]
    public void CheckResponse_AnySingleBitFlip_IsDetected()
    {
        byte[] reply = Convert.FromHexString(
            "23 01 23 4B 16 00 00 60 02 0F 3A 7D F2 27 01 55 00 B2 00 00 01 8F BD 85 8F CE 0F CE 0F CE 0F CE 0F 6B 82".Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(35, Packet.CheckResponse(reply, 0, reply.Length, Opcode.Read));

        for (int bit = 8; bit < reply.Length * 8; bit++)
        {
            byte[] corrupt = (byte[])reply.Clone();
            corrupt[bit / 8] ^= (byte)(1 << (bit % 8));

            var e = Assert.Throws<Atecc608Exception>(() => Packet.CheckResponse(corrupt, 0, corrupt.Length, Opcode.Read));
            Assert.Equal(Atecc608Error.ResponseCrc, e.Error);
        }
    }

    private static ushort Crc16Arc(byte[] data)
    {
        int crc = 0;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1;
            }
        }

        return (ushort)crc;
    }

    private static ushort BitReverse16(ushort value)
    {
        int result = 0;
        for (int i = 0; i < 16; i++)
        {
            result = (result << 1) | ((value >> i) & 1);
        }

        return (ushort)result;
    }
}
