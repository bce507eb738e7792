using Atecc608Driver;

namespace Lab.Tests.Atecc608;

/// <summary>
/// Passes every transfer to an inner transport and calls <see cref="BeforeCommand"/> with the opcode just before
/// each command write, so a test can arm a simulator fault in the middle of a multi-command sequence.
/// </summary>
internal sealed class CommandHookTransport(IAtecc608Transport inner) : IAtecc608Transport
{
    public Action<Opcode>? BeforeCommand { get; set; }

    public TransportStatus Write(byte[] buffer, int offset, int count)
    {
        if (count > 2 && buffer[offset] == (byte)WordAddress.Command)
        {
            BeforeCommand?.Invoke((Opcode)buffer[offset + 2]);
        }

        return inner.Write(buffer, offset, count);
    }

    public TransportStatus Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public TransportStatus SendWake() => inner.SendWake();

    public void Delay(int microseconds) => inner.Delay(microseconds);
}
