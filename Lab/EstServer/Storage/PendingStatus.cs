namespace Lab.EstServer.Storage;

/// <summary>Where a request waiting for manual approval stands.</summary>
public enum PendingStatus
{
    /// <summary>Waiting for an operator; the device is answered 202 + Retry-After.</summary>
    Pending,

    /// <summary>Approved; the next request from the device with the same key is issued.</summary>
    Approved,

    /// <summary>Rejected; requests with this key are answered 403 until an operator approves it after all.</summary>
    Rejected,

    /// <summary>Approved and issued; a later request with the same key waits for approval again.</summary>
    Issued,
}
