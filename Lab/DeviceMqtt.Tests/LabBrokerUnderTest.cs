using Lab.EstServer;

namespace Lab.DeviceMqtt.Tests;

/// <summary><see cref="LabBroker"/> wired to the Lab EST server as the virtual device wires it; revocation is read live from the registry.</summary>
internal sealed class LabBrokerUnderTest(LabBroker broker) : IBrokerUnderTest
{
    public int Port => broker.Port;

    public string Diagnostics => string.Join("\n", broker.Refusals);

    public LabBroker Broker => broker;

    public static async Task<LabBrokerUnderTest> StartAsync(EstServerHost est, TimeProvider? clock = null, bool allowChipTokenLogin = true) =>
        new(await LabBroker.StartAsync(new LabBrokerOptions
        {
            ServerCertificate = est.ServerCertificate,
            TrustedRoots = () => est.Ca.TrustedRoots,
            IssuingCertificates = () => est.Ca.IssuingCertificates,
            IsDeviceAdmitted = id => est.Devices.Find(id) is { Revoked: false },
            Clock = clock ?? TimeProvider.System,
            AllowChipTokenLogin = allowChipTokenLogin,
        }));

    public bool RefusesForeignSubscriptions => true;

    public Task AfterRevocationAsync() => Task.CompletedTask;

    public ValueTask DisposeAsync() => broker.DisposeAsync();
}
