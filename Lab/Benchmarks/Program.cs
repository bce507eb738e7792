using Lab.Benchmarks;

// dotnet run -c Release --project Lab/Benchmarks -- [atecc608|csr|pki-parse|est-reenroll]
string which = args.Length > 0 ? args[0] : "atecc608";
switch (which)
{
    case "atecc608":
        Atecc608Bus.Run(Console.Out);
        return 0;
    case "csr":
        CsrBuild.Run(Console.Out);
        return 0;
    case "pki-parse":
        PkiParse.Run(Console.Out);
        return 0;
    case "est-reenroll":
        EstReenroll.Run(Console.Out);
        return 0;
    default:
        Console.Error.WriteLine("usage: Benchmarks [atecc608|csr|pki-parse|est-reenroll]");
        return 2;
}
