using System.Reflection;

namespace NanoCheck;

/// <summary>
/// packages.config, the .nfproj HintPath references and the packages the Linux build resolved all name the same
/// packages at the same versions.
/// </summary>
public static class PackageCheck
{
    public const string Name = "packages";

    // nanoFramework tooling restores into the solution-level packages folder, one level above each project.
    private const string HintPrefix = "../packages/";

    public static IReadOnlyList<Finding> Run(NfProject project, IReadOnlyList<PackageId> config, RestoredPackages restored)
    {
        var findings = new List<Finding>();

        foreach (PackageId entry in config)
        {
            RestoredPackage? linux = restored.Find(entry.Id);
            if (linux is null)
            {
                findings.Add(new Finding(Name, $"packages.config lists {entry}, which the Linux build does not reference"));
            }
            else if (linux.Package.Version != entry.Version)
            {
                findings.Add(new Finding(Name, $"packages.config has {entry} but the Linux build resolved {linux.Package}"));
            }
        }

        foreach (RestoredPackage linux in restored.All)
        {
            if (!config.Any(c => string.Equals(c.Id, linux.Package.Id, StringComparison.OrdinalIgnoreCase)))
            {
                findings.Add(new Finding(Name, $"the Linux build uses {linux.Package}, which packages.config does not list"));
            }
        }

        findings.AddRange(CheckReferences(project, config, restored));
        return findings;
    }

    private static IEnumerable<Finding> CheckReferences(NfProject project, IReadOnlyList<PackageId> config, RestoredPackages restored)
    {
        string file = Path.GetFileName(project.Path);
        var referencedPackages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (NfReference reference in project.References)
        {
            if (reference.HintPath is null)
            {
                yield return new Finding(Name, $"{file}: reference {reference.SimpleName} has no HintPath into the packages folder");
                continue;
            }

            string hint = NfProject.Normalize(reference.HintPath);
            string[] parts = hint.StartsWith(HintPrefix, StringComparison.Ordinal) ? hint[HintPrefix.Length..].Split('/') : [];
            if (parts.Length != 3 || parts[1] != "lib")
            {
                yield return new Finding(Name, $"{file}: HintPath {reference.HintPath} is not of the form ..\\packages\\<id>.<version>\\lib\\<assembly>");
                continue;
            }

            PackageId? package = config.FirstOrDefault(c => string.Equals($"{c.Id}.{c.Version}", parts[0], StringComparison.OrdinalIgnoreCase));
            if (package is null)
            {
                yield return new Finding(Name, $"{file}: HintPath {reference.HintPath} names {parts[0]}, which is not a package.config id and version");
                continue;
            }

            referencedPackages.Add(package.Id);
            RestoredPackage? linux = restored.Find(package.Id);
            if (linux is null || linux.Package.Version != package.Version)
            {
                continue; // reported above as a packages.config / Linux build mismatch
            }

            // The official TestFramework ships the launcher as .exe; a rebuilt package may ship it as .dll.
            string assemblyName = Path.GetFileNameWithoutExtension(parts[2]);
            string? libFile = linux.LibFiles.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f) == assemblyName);
            if (libFile is null)
            {
                yield return new Finding(Name, $"{file}: package {package} has no lib/{parts[2]}");
                continue;
            }

            Version? written = reference.Version;
            if (written is not null)
            {
                Version actual = AssemblyName.GetAssemblyName(Path.Combine(linux.Directory, libFile)).Version!;
                if (actual != written)
                {
                    yield return new Finding(Name, $"{file}: reference {reference.SimpleName} says Version={written} but {package} holds {actual}");
                }
            }
        }

        foreach (PackageId entry in config)
        {
            RestoredPackage? linux = restored.Find(entry.Id);
            if (linux is not null && linux.LibFiles.Count > 0 && !referencedPackages.Contains(entry.Id))
            {
                yield return new Finding(Name, $"{file} has no <Reference> into {entry}, which packages.config lists");
            }
        }
    }
}
