using System.Diagnostics;

namespace Lab.EstServer.Tests;

/// <summary>Runs an external program (openssl, curl) with a time limit and returns what it printed.</summary>
internal static class Tool
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public Result EnsureSuccess(string what) => ExitCode == 0
            ? this
            : throw new InvalidOperationException($"{what} failed with exit code {ExitCode}:\n{Error}\n{Output}");
    }

    public static async Task<Result> RunAsync(string program, IEnumerable<string> arguments, string? workingDirectory = null, byte[]? input = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} is needed by this test and is not installed (apt-get install {program})", e);
        }

        using (process)
        {
            if (input is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(input);
                process.StandardInput.Close();
            }

            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Limit);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {Limit}");
            }

            return new Result(process.ExitCode, await output, await error);
        }
    }
}
