using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Atecc608Driver")]
[assembly: AssemblyDescription("Microchip ATECC608A/B secure element driver for .NET nanoFramework")]
[assembly: AssemblyProduct("Device certificate lifecycle agent")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: ComVisible(false)]
