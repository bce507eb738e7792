namespace Lab.DeviceMqtt.Tests;

/// <summary>A broker the shared broker tests run against: mosquitto or the in-process <see cref="LabBroker"/>.</summary>
public interface IBrokerUnderTest : IAsyncDisposable
{
    int Port { get; }

    /// <summary>Makes a revocation at the EST server take effect (mosquitto: export the CRL and reload; LabBroker: nothing).</summary>
    Task AfterRevocationAsync();

    /// <summary>True when a SUBSCRIBE outside the device's topics is refused in the SUBACK (LabBroker); mosquitto 2.0 grants
    /// it and then delivers nothing the ACL does not let the client read.</summary>
    bool RefusesForeignSubscriptions { get; }

    /// <summary>What the broker said about refusals, for failure messages.</summary>
    string Diagnostics { get; }
}
