using System.Xml.Linq;

namespace NanoCheck;

/// <summary>What the checks need from a nanoFramework .nfproj: its assembly name, sources and references.</summary>
public sealed class NfProject
{
    private NfProject(string path, string assemblyName, IReadOnlyList<string> compileItems,
        IReadOnlyList<NfReference> references, IReadOnlyList<string> projectReferences)
    {
        Path = path;
        AssemblyName = assemblyName;
        CompileItems = compileItems;
        References = references;
        ProjectReferences = projectReferences;
    }

    public string Path { get; }

    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public string AssemblyName { get; }

    /// <summary>Compile items, relative to the project folder, with '/' separators.</summary>
    public IReadOnlyList<string> CompileItems { get; }

    public IReadOnlyList<NfReference> References { get; }

    /// <summary>Full paths of referenced .nfproj files.</summary>
    public IReadOnlyList<string> ProjectReferences { get; }

    public static NfProject Load(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        XDocument doc = XDocument.Load(path);
        XNamespace ns = doc.Root!.Name.Namespace;
        string dir = System.IO.Path.GetDirectoryName(path)!;

        string assemblyName = doc.Descendants(ns + "AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault()
            ?? System.IO.Path.GetFileNameWithoutExtension(path);
        var compile = doc.Descendants(ns + "Compile")
            .Select(e => Normalize((string?)e.Attribute("Include") ?? string.Empty))
            .ToList();
        var references = doc.Descendants(ns + "Reference")
            .Select(e => new NfReference(
                (string?)e.Attribute("Include") ?? string.Empty,
                e.Element(ns + "HintPath")?.Value.Trim()))
            .ToList();
        var projectReferences = doc.Descendants(ns + "ProjectReference")
            .Select(e => System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, Normalize((string?)e.Attribute("Include") ?? string.Empty))))
            .ToList();
        return new NfProject(path, assemblyName, compile, references, projectReferences);
    }

    /// <summary>MSBuild paths in .nfproj files use '\'; compare them with '/'.</summary>
    public static string Normalize(string msbuildPath) => msbuildPath.Replace('\\', '/');
}

/// <summary>A &lt;Reference&gt; item: the assembly identity as written and its HintPath.</summary>
public sealed record NfReference(string Include, string? HintPath)
{
    public string SimpleName => Include.Split(',')[0].Trim();

    /// <summary>The Version= part of the identity, when present.</summary>
    public Version? Version
    {
        get
        {
            foreach (string part in Include.Split(',').Skip(1))
            {
                string[] kv = part.Split('=', 2);
                if (kv.Length == 2 && kv[0].Trim() == "Version" && Version.TryParse(kv[1].Trim(), out Version? v))
                {
                    return v;
                }
            }

            return null;
        }
    }
}
