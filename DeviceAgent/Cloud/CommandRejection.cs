namespace DeviceAgent.Cloud
{
    /// <summary>Why a command was not carried out; reported on the result topic as its <c>reason</c>.</summary>
    public enum CommandRejection
    {
        /// <summary>Carried out.</summary>
        None = 0,

        /// <summary>The payload is larger than <see cref="CloudCommand.MaxBytes"/>.</summary>
        TooLarge = 1,

        /// <summary>Not a valid flat JSON object; <see cref="CloudCommand.JsonError"/> says why.</summary>
        Malformed = 2,

        /// <summary>No <c>id</c> member.</summary>
        MissingId = 3,

        /// <summary>The <c>id</c> is not 1..32 characters of A-Z a-z 0-9 . _ : -.</summary>
        BadId = 4,

        /// <summary>No <c>op</c> member.</summary>
        MissingOp = 5,

        /// <summary>An <c>op</c> this firmware does not know.</summary>
        UnknownOp = 6,

        /// <summary>A member other than <c>id</c>, <c>op</c>, <c>policy</c>.</summary>
        UnknownField = 7,

        /// <summary>A member whose value is not a string.</summary>
        WrongType = 8,

        /// <summary><c>op</c> is <c>policy</c> without a <c>policy</c> member.</summary>
        MissingPolicy = 9,

        /// <summary>A <c>policy</c> member with another <c>op</c>.</summary>
        UnexpectedPolicy = 10,

        /// <summary>The <c>policy</c> member is not base64 (RFC 4648 §4).</summary>
        BadPolicyEncoding = 11,

        /// <summary>The renewal engine refused the policy (wrong size, version or values).</summary>
        PolicyRejected = 12,

        /// <summary>A command with this id was already handled since boot.</summary>
        Duplicate = 13,

        /// <summary>Valid, but carrying it out failed (the chip or the flash); the engine's state is unchanged by the failed part.</summary>
        Failed = 14,
    }
}
