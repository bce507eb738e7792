namespace Atecc608Driver
{
    /// <summary>
    /// The bus seen by the driver: the few I2C operations the ATECC608 protocol needs (CryptoAuthLib's HAL
    /// has the same shape: send, receive, wake, delay). Implementations move bytes and report the bus outcome; they
    /// never interpret the bytes.
    /// </summary>
    /// <remarks>
    /// Contract: each call is one I2C transaction ending in STOP. A chip that is asleep, idle or still executing
    /// does not acknowledge its address; that is reported as <see cref="TransportStatus.NotAcknowledged"/>, not
    /// as an exception, because polling depends on it (facts/atecc608.md §1.6). Exceptions are for misuse and
    /// for failures of the host's own driver.
    /// </remarks>
    public interface IAtecc608Transport
    {
        /// <summary>
        /// Writes <paramref name="count"/> bytes to the chip; the first is the word address (<see cref="WordAddress"/>).
        /// </summary>
        TransportStatus Write(byte[] buffer, int offset, int count);

        /// <summary>Reads exactly <paramref name="count"/> bytes from the chip into <paramref name="buffer"/>.</summary>
        TransportStatus Read(byte[] buffer, int offset, int count);

        /// <summary>
        /// Produces the wake condition: SDA held low for at least tWLO = 60 µs (facts/atecc608.md §1.3). It does
        /// not wait tWHI afterwards; the caller does.
        /// </summary>
        TransportStatus SendWake();

        /// <summary>
        /// Waits at least <paramref name="microseconds"/> (wake delay, execution time, poll interval). Behind the
        /// port so a simulator can advance modelled time instead of sleeping; a board rounds up to its tick.
        /// </summary>
        void Delay(int microseconds);
    }
}
