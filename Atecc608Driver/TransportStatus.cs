namespace Atecc608Driver
{
    /// <summary>Outcome of one I2C transaction, as the host's bus driver reports it.</summary>
    public enum TransportStatus
    {
        /// <summary>All bytes moved.</summary>
        Ok = 0,

        /// <summary>The address (or a data byte) was not acknowledged: the chip is asleep, idle or busy.</summary>
        NotAcknowledged = 1,

        /// <summary>The bus timed out (SCL held low, or the host driver's transfer timeout).</summary>
        Timeout = 2,

        /// <summary>Any other bus failure, including a partial transfer.</summary>
        BusError = 3,
    }
}
