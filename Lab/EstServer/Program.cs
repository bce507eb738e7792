using Lab.EstServer;
using Lab.EstServer.Ca;

// The EST server as a command: dotnet run --project Lab/EstServer -- --data <dir> [--port <p>] ... (README.md).
CommandLine? commandLine;
try
{
    commandLine = CommandLine.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"EstServer: {e.Message}\n\n{CommandLine.Usage}").ConfigureAwait(false);
    return 2;
}

if (commandLine is null)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

EstServerHost server;
try
{
    server = await EstServerHost.StartAsync(commandLine.Options).ConfigureAwait(false);
}
catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
{
    // a port in use, an unreadable or half-populated data directory: say what, without a stack trace
    await Console.Error.WriteLineAsync($"EstServer: cannot start: {e.Message}").ConfigureAwait(false);
    return 1;
}

await using var stop = server.ConfigureAwait(false);
foreach ((string id, string secret) in commandLine.Devices)
{
    server.Devices.Register(id, secret);
}

string root = Path.Combine(Path.GetFullPath(commandLine.Options.DataDirectory), CaStore.RootCertificateFile);
Console.WriteLine($"EST server listening on {server.EstUri(Lab.EstServer.Est.EstOperation.CaCerts).GetLeftPart(UriPartial.Authority)}/.well-known/est/");
Console.WriteLine($"  data directory: {Path.GetFullPath(commandLine.Options.DataDirectory)}");
Console.WriteLine($"  root CA:        {root} (SHA-256 {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(server.RootCertificate.RawData))})");
Console.WriteLine($"  devices:        {server.Devices.List().Count} registered ({commandLine.Devices.Count} from the command line)");
Console.WriteLine(commandLine.Options.EnableAdminApi ? $"  admin API:      {server.BaseAddress}admin/ (loopback clients only)" : "  admin API:      off");
Console.WriteLine("Ctrl+C stops it.");
await server.WaitForShutdownAsync().ConfigureAwait(false);
return 0;
