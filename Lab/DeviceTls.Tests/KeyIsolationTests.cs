using System.Reflection;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Lab.DeviceTls.Tests;

/// <summary>
/// The connector never holds a private key: it cannot reach the simulator (its only way to the key is
/// <see cref="DeviceAgent.Pki.IDigestSigner"/>), and none of its types can store a key object.
/// </summary>
public sealed class KeyIsolationTests
{
    private static readonly Assembly Connector = typeof(DeviceTlsConnector).Assembly;

    [Fact]
    public void ConnectorAssembly_DoesNotReferenceTheSimulator()
    {
        string[] references = [.. Connector.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty)];

        Assert.Contains("DeviceCode", references);
        Assert.DoesNotContain("Atecc608Simulator", references);
    }

    [Fact]
    public void NoConnectorType_HasAFieldThatCouldHoldAKey()
    {
        const BindingFlags All = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        string[] keyFields =
        [
            .. Connector.GetTypes()
                .SelectMany(t => t.GetFields(All).Select(f => (Type: t, Field: f)))
                .Where(x => typeof(AsymmetricKeyParameter).IsAssignableFrom(x.Field.FieldType)
                    || typeof(AsymmetricAlgorithm).IsAssignableFrom(x.Field.FieldType)
                    || typeof(AsymmetricCipherKeyPair).IsAssignableFrom(x.Field.FieldType))
                .Select(x => $"{x.Type.FullName}.{x.Field.Name}"),
        ];

        Assert.Empty(keyFields);
    }
}
