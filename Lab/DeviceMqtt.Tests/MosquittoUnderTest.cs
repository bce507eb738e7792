namespace Lab.DeviceMqtt.Tests;

/// <summary><see cref="Mosquitto"/> as a broker under test: a revocation takes effect through the CRL and a reload.</summary>
internal sealed class MosquittoUnderTest(Mosquitto mosquitto) : IBrokerUnderTest
{
    public int Port => mosquitto.Port;

    public string Diagnostics => mosquitto.Log;

    public Mosquitto Process => mosquitto;

    public bool RefusesForeignSubscriptions => false;

    public Task AfterRevocationAsync() => mosquitto.ReloadCrlAsync();

    public ValueTask DisposeAsync() => mosquitto.DisposeAsync();
}
