namespace NanoCheck;

/// <summary>
/// Every .cs file in the project folder is a Compile item of the .nfproj, and every Compile item exists.
/// The Linux build compiles the folder's files by wildcard, so this keeps the two builds on the same sources.
/// Items outside the folder (<c>..\Other\File.cs</c> with a Link) only have to exist; the twin lists them itself.
/// </summary>
public static class SourceListCheck
{
    public const string Name = "sources";

    public static IReadOnlyList<Finding> Run(NfProject project)
    {
        var onDisk = SourceFiles(project.Directory);
        var listed = new HashSet<string>(project.CompileItems.Where(i => !i.StartsWith("../", StringComparison.Ordinal)), StringComparer.Ordinal);
        var findings = new List<Finding>();
        string file = Path.GetFileName(project.Path);
        foreach (string source in onDisk.Where(s => !listed.Contains(s)).Order(StringComparer.Ordinal))
        {
            findings.Add(new Finding(Name, $"{source} is not listed in {file}: add <Compile Include=\"{source.Replace('/', '\\')}\" />"));
        }

        foreach (string item in listed.Where(i => !onDisk.Contains(i)).Order(StringComparer.Ordinal))
        {
            findings.Add(new Finding(Name, $"{file} lists {item}, which does not exist"));
        }

        foreach (string linked in project.CompileItems.Where(i => i.StartsWith("../", StringComparison.Ordinal)))
        {
            if (!File.Exists(Path.Combine(project.Directory, linked)))
            {
                findings.Add(new Finding(Name, $"{file} links {linked}, which does not exist"));
            }
        }

        return findings;
    }

    /// <summary>The .cs files below <paramref name="directory"/>, relative with '/', build output excluded.</summary>
    public static HashSet<string> SourceFiles(string directory)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(directory, path).Replace('\\', '/');
            string top = relative.Split('/')[0];
            if (top is "bin" or "obj")
            {
                continue;
            }

            result.Add(relative);
        }

        return result;
    }
}
