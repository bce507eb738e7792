using System.Diagnostics;

namespace Lab.Tests.NanoCheck;

/// <summary>
/// Builds the nanoFramework fixture projects of Lab/Nano/CheckFixtures once per test run, the same way the test
/// command builds the real ones, so the checks read real compiler output.
/// </summary>
public sealed class FixtureBuilds
{
    public static readonly string[] Names = ["GenericMethod", "GenericType", "UnlistedFile", "VersionMismatch", "UnprovidedReference"];

    public FixtureBuilds()
    {
        foreach (string name in Names)
        {
            Build(LinuxProject(name));
        }
    }

    public static string NfProject(string name) => RepoPaths.Combine("Lab", "Nano", "CheckFixtures", name, name + ".nfproj");

    public static string LinuxProject(string name) => RepoPaths.Combine("Lab", "Nano", "CheckFixtures", name, name + ".csproj");

    private static void Build(string project)
    {
        var start = new ProcessStartInfo("dotnet", ["build", project, "-c", "Release", "-nologo", "-v", "q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // The test host's MSBuild variables would point the child build at the wrong SDK pieces.
        foreach (string key in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH" })
        {
            start.Environment.Remove(key);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("building " + project + " took more than 3 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"building {project} failed:\n{output.Result}\n{error.Result}");
        }
    }
}
