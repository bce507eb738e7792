namespace Lab.EstServer;

/// <summary>Which enrollment requests wait for an operator's decision.</summary>
public enum EstApprovalMode
{
    /// <summary>Every request that passes authentication and policy is issued at once.</summary>
    Automatic,

    /// <summary>/simpleenroll waits for approval; /simplereenroll of an enrolled device is issued at once.</summary>
    ManualEnroll,

    /// <summary>Both /simpleenroll and /simplereenroll wait for approval.</summary>
    Manual,
}
