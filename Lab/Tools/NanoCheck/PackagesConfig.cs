using System.Xml.Linq;

namespace NanoCheck;

/// <summary>A packages.config: the exact package list nanoFramework tooling restores for an .nfproj.</summary>
public static class PackagesConfig
{
    public static IReadOnlyList<PackageId> Load(string path)
    {
        XDocument doc = XDocument.Load(path);
        return doc.Root!.Elements("package")
            .Select(e => new PackageId((string?)e.Attribute("id") ?? string.Empty, (string?)e.Attribute("version") ?? string.Empty))
            .ToList();
    }
}

/// <summary>A package id and version as text, compared case-insensitively on the id as NuGet does.</summary>
public sealed record PackageId(string Id, string Version)
{
    public bool Equals(PackageId? other) =>
        other is not null && string.Equals(Id, other.Id, StringComparison.OrdinalIgnoreCase) && Version == other.Version;

    public override int GetHashCode() => HashCode.Combine(Id.ToUpperInvariant(), Version);

    public override string ToString() => $"{Id} {Version}";
}
