using Atecc608Driver;

namespace Atecc608Simulator;

/// <summary>
/// Executes parsed commands against the chip's memories and returns the response payload: either result bytes
/// or a single status byte (framing into a response group is the bus side's job). Commands the simulator does
/// not model answer <see cref="Atecc608Status.ParseError"/> so a host that depends on them fails loudly.
/// </summary>
/// <remarks>
/// One file per command family: <c>CommandEngine.Zones.cs</c> (Read, Write, Lock, UpdateExtra),
/// <c>CommandEngine.Keys.cs</c> (GenKey, Sign, Verify, ECDH), <c>CommandEngine.Engine.cs</c> (Info, Random,
/// Nonce, SHA, Counter, SelfTest).
/// </remarks>
internal sealed partial class CommandEngine
{
    private readonly NonVolatileMemory memory;
    private readonly VolatileState state;

    /// <summary>Creates an engine over the chip's memories.</summary>
    public CommandEngine(NonVolatileMemory memory, VolatileState state)
    {
        this.memory = memory;
        this.state = state;
    }

    /// <summary>Runs one command and returns its response payload.</summary>
    public byte[] Execute(CommandRequest request) => request.Opcode switch
    {
        Opcode.Info => Info(request),
        Opcode.Read => Read(request),
        Opcode.Write => Write(request),
        Opcode.Lock => Lock(request),
        Opcode.Random => Random(request),
        Opcode.Nonce => Nonce(request),
        Opcode.GenKey => GenKey(request),
        Opcode.Sign => Sign(request),
        Opcode.Verify => Verify(request),
        Opcode.Sha => Sha(request),
        Opcode.Counter => Counter(request),
        Opcode.SelfTest => SelfTest(request),
        Opcode.Ecdh => Ecdh(request),
        Opcode.UpdateExtra => UpdateExtra(request),
        _ => ParseError,
    };

    /// <summary>A status-only payload.</summary>
    private static byte[] Status(Atecc608Status status) => [(byte)status];

    private static byte[] Success => Status(Atecc608Status.Success);

    private static byte[] ParseError => Status(Atecc608Status.ParseError);

    private static byte[] ExecutionError => Status(Atecc608Status.ExecutionError);
}
