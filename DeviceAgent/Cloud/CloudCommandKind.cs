namespace DeviceAgent.Cloud
{
    /// <summary>The operations the cloud may ask for (the command's <c>op</c>).</summary>
    public enum CloudCommandKind
    {
        /// <summary><c>renew</c>: renew at the next window whatever the phase (lifts a stop and any backoff).</summary>
        RenewNow = 0,

        /// <summary><c>rekey</c>: renew on a new key generated in the spare slot.</summary>
        Rekey = 1,

        /// <summary><c>rebootstrap</c>: enroll again with the birth credential.</summary>
        Rebootstrap = 2,

        /// <summary><c>policy</c>: a new renewal policy (its <c>policy</c> member holds the encoding).</summary>
        PolicyUpdate = 3,

        /// <summary><c>status</c>: publish the status now.</summary>
        Status = 4,
    }
}
