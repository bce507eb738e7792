namespace Lab.Tests;

/// <summary>Locates the checkout (the folder holding nanoFramework.sln) from the test's output folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "nanoFramework.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("nanoFramework.sln not found above " + AppContext.BaseDirectory);
    }
}
