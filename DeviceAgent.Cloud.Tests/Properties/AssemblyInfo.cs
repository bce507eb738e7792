using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("NFUnitTest")]
[assembly: AssemblyDescription("Unit tests of the cloud session (MQTT topics, JSON, commands, token, reconnects), run in nanoCLR")]
[assembly: AssemblyProduct("Device certificate lifecycle agent")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: ComVisible(false)]
