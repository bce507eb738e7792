namespace Atecc608Driver
{
    /// <summary>
    /// What went wrong talking to the chip. The chip's own status byte is one kind; failures seen on the host
    /// side (the bus, a corrupt or malformed reply) are the others, as CryptoAuthLib keeps ATCA_RX_CRC_ERROR
    /// apart from the chip's codes.
    /// </summary>
    public enum Atecc608Error
    {
        /// <summary>The chip answered with a status byte other than success; see <see cref="Atecc608Exception.ChipStatus"/>.</summary>
        ChipStatus = 1,

        /// <summary>The reply's CRC did not match its bytes (noise on the bus, or a partial read).</summary>
        ResponseCrc = 2,

        /// <summary>The reply's count byte was outside 4..75 or larger than what was read.</summary>
        ResponseLength = 3,

        /// <summary>The reply was well formed but not the size the command produces.</summary>
        UnexpectedResponseSize = 4,

        /// <summary>No valid wake reply (04 11 33 43) after the bounded number of wake attempts.</summary>
        WakeFailed = 5,

        /// <summary>The chip did not answer within the command's maximum execution time plus margin.</summary>
        NoResponse = 6,

        /// <summary>The host's bus driver reported a timeout or bus error that retries did not clear.</summary>
        BusFailure = 7,

        /// <summary>The chip is not provisioned for the operation (e.g. Random returns the unlocked-config test pattern).</summary>
        NotProvisioned = 8,
    }
}
