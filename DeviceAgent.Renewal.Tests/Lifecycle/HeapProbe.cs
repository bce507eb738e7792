using DeviceAgent.Est;
using DeviceAgent.Pki;
using DeviceAgent.Storage;
using NativeGC = nanoFramework.Runtime.Native.GC;

namespace DeviceAgent.Tests.Lifecycle
{
    /// <summary>
    /// The lowest free heap seen at the ports while a step runs. nanoCLR only reports the free heap after a
    /// collection, so the ports (signer, TLS stream, verifier, flash) collect and sample each time they are called:
    /// what is live at those moments is what the step needs (garbage dropped between them could be collected).
    /// </summary>
    internal static class HeapProbe
    {
        public static bool On;

        public static uint MinFree = uint.MaxValue;

        public static int Samples;

        public static void Reset()
        {
            MinFree = uint.MaxValue;
            Samples = 0;
        }

        public static void Sample()
        {
            if (!On)
            {
                return;
            }

            uint free = NativeGC.Run(true);
            Samples++;
            if (free < MinFree)
            {
                MinFree = free;
            }
        }
    }

    internal sealed class ProbingSigner : IDigestSigner
    {
        private readonly IDigestSigner _inner;

        public ProbingSigner(IDigestSigner inner)
        {
            _inner = inner;
        }

        public byte[] PublicKey
        {
            get { return _inner.PublicKey; }
        }

        public byte[] SignDigest(byte[] digest)
        {
            HeapProbe.Sample();
            return _inner.SignDigest(digest);
        }
    }

    internal sealed class ProbingVerifier : ISignatureVerifier
    {
        private readonly ISignatureVerifier _inner;

        public ProbingVerifier(ISignatureVerifier inner)
        {
            _inner = inner;
        }

        public bool Verify(byte[] digest, byte[] signature, byte[] publicKey)
        {
            HeapProbe.Sample();
            return _inner.Verify(digest, signature, publicKey);
        }
    }

    internal sealed class ProbingBlobStore : IBlobStore
    {
        private readonly IBlobStore _inner;

        public ProbingBlobStore(IBlobStore inner)
        {
            _inner = inner;
        }

        public byte[] Read(string name)
        {
            return _inner.Read(name);
        }

        public void Write(string name, byte[] data, int offset, int count)
        {
            HeapProbe.Sample();
            _inner.Write(name, data, offset, count);
        }
    }

    internal sealed class ProbingTls : ITlsConnector
    {
        private readonly ITlsConnector _inner;

        public ProbingTls(ITlsConnector inner)
        {
            _inner = inner;
        }

        public ITlsStream Connect(TlsEndpoint endpoint, TlsClientCredential client)
        {
            HeapProbe.Sample();
            return new Stream(_inner.Connect(endpoint, client));
        }

        private sealed class Stream : ITlsStream
        {
            private readonly ITlsStream _inner;

            public Stream(ITlsStream inner)
            {
                _inner = inner;
            }

            public int Read(byte[] buffer, int offset, int count)
            {
                int n = _inner.Read(buffer, offset, count);
                HeapProbe.Sample();
                return n;
            }

            public void Write(byte[] buffer, int offset, int count)
            {
                HeapProbe.Sample();
                _inner.Write(buffer, offset, count);
            }

            public void Dispose()
            {
                HeapProbe.Sample();
                _inner.Dispose();
            }
        }
    }
}
