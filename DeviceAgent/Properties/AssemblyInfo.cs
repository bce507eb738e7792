using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("DeviceAgent")]
[assembly: AssemblyDescription("Device certificate lifecycle agent (EST enrolment and renewal, MQTT over mutual TLS)")]
[assembly: AssemblyProduct("Device certificate lifecycle agent")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: ComVisible(false)]
