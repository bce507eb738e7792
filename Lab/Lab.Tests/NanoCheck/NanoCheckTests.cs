using global::NanoCheck;

namespace Lab.Tests.NanoCheck;

/// <summary>
/// Each fixture breaks one rule and must be rejected by the check that owns the rule, with a message that
/// names the problem; the device projects themselves must pass every check.
/// </summary>
public class NanoCheckTests : IClassFixture<FixtureBuilds>
{
    private readonly FixtureBuilds _builds;

    public NanoCheckTests(FixtureBuilds builds) => _builds = builds;

    [Fact]
    public void GenericMethod_IsRejectedForDefinitionAndInstantiation()
    {
        IReadOnlyList<Finding> findings = Check("GenericMethod");

        Assert.All(findings, f => Assert.Equal(AssemblyCheck.Name, f.Check));
        Assert.Contains(findings, f => f.Message.Contains("generic method definition GenericMethod.Sample.First", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Message.Contains("generic method instantiation First<Int32>", StringComparison.Ordinal));
    }

    [Fact]
    public void GenericType_IsRejectedForDefinitionAndFieldInstantiation()
    {
        IReadOnlyList<Finding> findings = Check("GenericType");

        Assert.All(findings, f => Assert.Equal(AssemblyCheck.Name, f.Check));
        Assert.Contains(findings, f => f.Message.Contains("generic type definition GenericType.Box`1", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Message.Contains("System.Action`1<Int32> in field GenericType.Sample.Callback", StringComparison.Ordinal));
    }

    [Fact]
    public void UnlistedFile_IsRejectedBySourceCheckOnly()
    {
        IReadOnlyList<Finding> findings = Check("UnlistedFile");

        Finding finding = Assert.Single(findings);
        Assert.Equal(SourceListCheck.Name, finding.Check);
        Assert.StartsWith("Unlisted.cs is not listed in UnlistedFile.nfproj", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VersionMismatch_IsRejectedByPackageCheckOnly()
    {
        IReadOnlyList<Finding> findings = Check("VersionMismatch");

        Finding finding = Assert.Single(findings);
        Assert.Equal(PackageCheck.Name, finding.Check);
        Assert.Equal("packages.config has nanoFramework.System.Device.I2c 1.1.30 but the Linux build resolved nanoFramework.System.Device.I2c 1.1.29", finding.Message);
    }

    [Fact]
    public void UnprovidedReference_IsRejectedByPackageAndAssemblyChecks()
    {
        IReadOnlyList<Finding> findings = Check("UnprovidedReference");

        Assert.Contains(findings, f => f.Check == PackageCheck.Name && f.Message.Contains("which packages.config does not list", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Check == AssemblyCheck.Name && f.Message.Contains("references assembly System.Device.I2c", StringComparison.Ordinal));
    }

    [Fact]
    public void SourceCheck_ListedFileMissingFromDisk_IsReported()
    {
        string dir = Directory.CreateTempSubdirectory("nanocheck").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "Present.cs"), "class Present { }");
            Directory.CreateDirectory(Path.Combine(dir, "obj"));
            File.WriteAllText(Path.Combine(dir, "obj", "Generated.cs"), "class Generated { }");
            File.WriteAllText(Path.Combine(dir, "P.nfproj"), """
                <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
                  <ItemGroup><Compile Include="Present.cs" /><Compile Include="Sub\Gone.cs" /><Compile Include="..\Elsewhere\Linked.cs"><Link>Linked.cs</Link></Compile></ItemGroup>
                </Project>
                """);

            IReadOnlyList<Finding> findings = SourceListCheck.Run(NfProject.Load(Path.Combine(dir, "P.nfproj")));

            Assert.Equal(2, findings.Count);
            Assert.Contains(findings, f => f.Message == "P.nfproj lists Sub/Gone.cs, which does not exist");
            Assert.Contains(findings, f => f.Message == "P.nfproj links ../Elsewhere/Linked.cs, which does not exist");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static IReadOnlyList<Finding> Check(string fixture)
    {
        IReadOnlyList<Finding> findings = new ProjectPair(FixtureBuilds.NfProject(fixture), FixtureBuilds.LinuxProject(fixture)).Check();
        Assert.NotEmpty(findings);
        return findings;
    }
}
