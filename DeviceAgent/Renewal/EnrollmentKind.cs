namespace DeviceAgent.Renewal
{
    /// <summary>What a prepared CSR is for, and which EST operation (RFC 7030 §4.2) sends it.</summary>
    public enum EnrollmentKind
    {
        /// <summary>First enrollment or re-bootstrap: /simpleenroll with the birth credential.</summary>
        Enroll = 0,

        /// <summary>Renewal on the same key: /simplereenroll with the operational certificate.</summary>
        Reenroll = 1,

        /// <summary>Renewal on a new key generated in a spare slot: /simplereenroll (RFC 7030 §4.2.2 rekey).</summary>
        Rekey = 2,
    }
}
