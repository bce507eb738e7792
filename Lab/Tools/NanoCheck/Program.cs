using NanoCheck;

// NanoCheck <project.nfproj> <linux-project.csproj> [...more pairs]
// Exit 0 when every pair is in step; 1 with one line per finding otherwise; 2 on usage errors.
if (args.Length == 0 || args.Length % 2 != 0)
{
    Console.Error.WriteLine("usage: NanoCheck <project.nfproj> <linux-project.csproj> [<nfproj> <csproj> ...]");
    return 2;
}

int failed = 0;
for (int i = 0; i < args.Length; i += 2)
{
    var pair = new ProjectPair(args[i], args[i + 1]);
    IReadOnlyList<Finding> findings = pair.Check();
    string name = Path.GetFileName(pair.NfProject.Path);
    if (findings.Count == 0)
    {
        Console.WriteLine($"nanocheck OK    {name}: {pair.NfProject.CompileItems.Count} sources listed, packages in step, no generics, references provided");
        continue;
    }

    failed++;
    foreach (Finding finding in findings)
    {
        Console.WriteLine($"nanocheck FAIL  {name}: {finding}");
    }
}

return failed == 0 ? 0 : 1;
