using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Lab.DeviceMqtt;

/// <summary>Settings of a <see cref="LabBroker"/>: its TLS identity, whom it trusts, which devices it admits, its clock.</summary>
/// <remarks>
/// Wired to the Lab EST server (the virtual device does this):
/// <code>
/// new LabBrokerOptions
/// {
///     ServerCertificate = est.ServerCertificate,                       // issued by the Lab root for 127.0.0.1
///     TrustedRoots = () => est.Ca.TrustedRoots,                         // follows root rollovers
///     IssuingCertificates = () => est.Ca.IssuingCertificates,           // current and previous issuing CA
///     IsDeviceAdmitted = id => est.Devices.Find(id) is { Revoked: false },
///     Clock = clock,
/// }
/// </code>
/// </remarks>
public sealed class LabBrokerOptions
{
    /// <summary>The broker's TLS certificate with its private key (the broker's own key, not a device's).</summary>
    public required X509Certificate2 ServerCertificate { get; init; }

    /// <summary>The roots a client certificate must chain to, asked at every handshake.</summary>
    public required Func<IReadOnlyList<X509Certificate2>> TrustedRoots { get; init; }

    /// <summary>Intermediate CAs used to build a client's chain (the Lab's issuing CAs), asked at every handshake.</summary>
    public Func<IReadOnlyList<X509Certificate2>> IssuingCertificates { get; init; } = () => [];

    /// <summary>Whether the device named by a valid certificate's CN may connect (registered and not revoked), asked at
    /// every handshake. Everyone by default.</summary>
    public Func<string, bool> IsDeviceAdmitted { get; init; } = _ => true;

    /// <summary>The time client certificates must be valid at and chip tokens are judged by (the system clock by default).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The address to listen on: 127.0.0.1 by default.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The TCP port; 0 (the default) picks a free one (<see cref="LabBroker.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>
    /// Whether a client without a TLS certificate may log in with user name = client id = device id and a chip token
    /// as password (docs/design/device-tls.md, "MQTT"): true by default. False makes the broker mutual-TLS only (a
    /// handshake without a client certificate fails).
    /// </summary>
    public bool AllowChipTokenLogin { get; init; } = true;

    /// <summary>The per-device topic rule: a client may use only <c>dev/&lt;its CN&gt;</c> and below by default.</summary>
    public DeviceTopicAcl Topics { get; init; } = new();
}
