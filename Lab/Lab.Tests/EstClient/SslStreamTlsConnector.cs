using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using DeviceAgent.Est;

namespace Lab.Tests.EstClient;

/// <summary>
/// A desktop <see cref="ITlsConnector"/> for tests: TcpClient + SslStream, server authentication only, trusting exactly
/// the endpoint's anchors (<see cref="X509ChainTrustMode.CustomRootTrust"/>, never the OS store) and checking the host
/// name. It cannot present a chip-held key, so a client credential is <see cref="NotSupportedException"/> (the
/// BouncyCastle adapter in Lab/DeviceTls does that).
/// </summary>
internal sealed class SslStreamTlsConnector : ITlsConnector
{
    public int Connects { get; private set; }

    public ITlsStream Connect(TlsEndpoint endpoint, TlsClientCredential client)
    {
        if (client is not null)
        {
            throw new NotSupportedException("this test connector cannot sign with a chip-held key");
        }

        Connects++;
        var tcp = new TcpClient();
        try
        {
            tcp.Connect(endpoint.Host, endpoint.Port);
            tcp.ReceiveTimeout = endpoint.ReadTimeoutMilliseconds;
            tcp.SendTimeout = endpoint.ReadTimeoutMilliseconds;
            var anchors = new X509Certificate2Collection();
            foreach (byte[] der in endpoint.TrustAnchors)
            {
                anchors.Add(X509CertificateLoader.LoadCertificate(der));
            }

            var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            ssl.AuthenticateAsClient(new SslClientAuthenticationOptions
            {
                TargetHost = endpoint.Host,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => Verify(certificate, errors, anchors),
            });
            return new Stream(tcp, ssl);
        }
        catch (SocketException e)
        {
            tcp.Dispose();
            throw new IOException("connect: " + e.Message, e);
        }
        catch (Exception)
        {
            tcp.Dispose();
            throw;
        }
    }

    private static bool Verify(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection anchors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = new X509Certificate2(certificate);
        return chain.Build(server);
    }

    private sealed class Stream(TcpClient tcp, SslStream ssl) : ITlsStream
    {
        public int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                return ssl.Read(buffer, offset, count);
            }
            catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut })
            {
                throw new TimeoutException("read timed out", e);
            }
        }

        public void Write(byte[] buffer, int offset, int count) => ssl.Write(buffer, offset, count);

        public void Dispose()
        {
            ssl.Dispose();
            tcp.Dispose();
        }
    }
}
