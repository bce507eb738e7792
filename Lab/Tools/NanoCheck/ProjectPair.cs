namespace NanoCheck;

/// <summary>
/// An .nfproj and the SDK-style project that builds the same sources on Linux, after that project was built:
/// the checks read its obj/project.assets.json and its output assembly.
/// </summary>
public sealed class ProjectPair
{
    public ProjectPair(string nfprojPath, string linuxProjectPath, string configuration = "Release")
    {
        NfProject = NfProject.Load(nfprojPath);
        string linuxDir = Path.GetDirectoryName(Path.GetFullPath(linuxProjectPath))!;
        AssetsPath = Path.Combine(linuxDir, "obj", "project.assets.json");
        AssemblyPath = Path.Combine(linuxDir, "bin", configuration, "netstandard2.0", NfProject.AssemblyName + ".dll");
        PackagesConfigPath = Path.Combine(NfProject.Directory, "packages.config");
    }

    public NfProject NfProject { get; }

    public string AssetsPath { get; }

    public string AssemblyPath { get; }

    public string PackagesConfigPath { get; }

    /// <summary>Runs every check; an empty list means the pair is in step and the assembly fits nanoCLR 1.x.</summary>
    public IReadOnlyList<Finding> Check()
    {
        var findings = new List<Finding>(SourceListCheck.Run(NfProject));
        if (!File.Exists(PackagesConfigPath))
        {
            findings.Add(new Finding(PackageCheck.Name, $"{PackagesConfigPath} is missing"));
            return findings;
        }

        if (!File.Exists(AssetsPath) || !File.Exists(AssemblyPath))
        {
            findings.Add(new Finding(PackageCheck.Name, $"build the Linux project first: {AssetsPath} or {AssemblyPath} is missing"));
            return findings;
        }

        IReadOnlyList<PackageId> config = PackagesConfig.Load(PackagesConfigPath);
        RestoredPackages restored = RestoredPackages.Load(AssetsPath);
        findings.AddRange(PackageCheck.Run(NfProject, config, restored));
        findings.AddRange(AssemblyCheck.Run(AssemblyPath, AllowedReferences(config, restored)));
        return findings;
    }

    /// <summary>Assemblies the project may reference: those its packages.config packages ship, and its project references.</summary>
    private HashSet<string> AllowedReferences(IReadOnlyList<PackageId> config, RestoredPackages restored)
    {
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (PackageId entry in config)
        {
            RestoredPackage? package = restored.Find(entry.Id);
            if (package is not null)
            {
                allowed.UnionWith(package.AssemblyNames);
            }
        }

        foreach (string reference in NfProject.ProjectReferences)
        {
            allowed.Add(NfProject.Load(reference).AssemblyName);
        }

        return allowed;
    }
}
