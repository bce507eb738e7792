using System.Text.Json;

namespace NanoCheck;

/// <summary>
/// The packages a Linux build actually resolved, direct and transitive, read from its obj/project.assets.json.
/// </summary>
public sealed class RestoredPackages
{
    private readonly Dictionary<string, RestoredPackage> _byId;

    private RestoredPackages(Dictionary<string, RestoredPackage> byId) => _byId = byId;

    public IEnumerable<RestoredPackage> All => _byId.Values;

    public RestoredPackage? Find(string id) => _byId.TryGetValue(id, out RestoredPackage? p) ? p : null;

    public static RestoredPackages Load(string assetsPath)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(assetsPath));
        JsonElement root = doc.RootElement;
        string folder = root.GetProperty("packageFolders").EnumerateObject().First().Name;
        var byId = new Dictionary<string, RestoredPackage>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty library in root.GetProperty("libraries").EnumerateObject())
        {
            if (library.Value.GetProperty("type").GetString() != "package")
            {
                continue;
            }

            string[] idVersion = library.Name.Split('/');
            string path = Path.Combine(folder, library.Value.GetProperty("path").GetString()!);
            var libFiles = library.Value.GetProperty("files").EnumerateArray()
                .Select(f => f.GetString()!)
                .Where(f => f.StartsWith("lib/", StringComparison.Ordinal) && f.Count(c => c == '/') == 1
                    && (f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)))
                .ToList();
            byId[idVersion[0]] = new RestoredPackage(new PackageId(idVersion[0], idVersion[1]), path, libFiles);
        }

        return new RestoredPackages(byId);
    }
}

/// <summary>A resolved package: its id and version, where it was unpacked, and its lib/ assemblies.</summary>
public sealed record RestoredPackage(PackageId Package, string Directory, IReadOnlyList<string> LibFiles)
{
    public IEnumerable<string> AssemblyNames => LibFiles.Select(f => Path.GetFileNameWithoutExtension(f));
}
