using System;
using System.Collections;
using System.IO;
using DeviceAgent.Est;

namespace DeviceAgent.Tests.Est
{
    /// <summary>
    /// A scripted <see cref="ITlsConnector"/>: each Connect takes the next canned response (bytes returned in pieces of
    /// <see cref="Split"/>, then a clean close) or fails; it records the endpoint, the client credential and the bytes
    /// written (copied before the client wipes its buffer).
    /// </summary>
    internal sealed class ScriptedTls : ITlsConnector
    {
        /// <summary>Failure modes of a scripted connection.</summary>
        public const int None = 0, ConnectFails = 1, NotSupported = 2, AbruptClose = 3, ReadTimeout = 4;

        private readonly ArrayList _responses = new ArrayList();
        private readonly ArrayList _modes = new ArrayList();

        public int Split = 7;

        public int Connects;

        public TlsEndpoint Endpoint;

        public TlsClientCredential Client;

        public byte[] Request;

        public ScriptedTls Add(byte[] response, int mode)
        {
            _responses.Add(response);
            _modes.Add(mode);
            return this;
        }

        public ScriptedTls Add(byte[] response)
        {
            return Add(response, None);
        }

        public string RequestText()
        {
            var chars = new char[Request.Length];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)Request[i];
            }

            return new string(chars);
        }

        public ITlsStream Connect(TlsEndpoint endpoint, TlsClientCredential client)
        {
            int n = Connects++;
            Endpoint = endpoint;
            Client = client;
            int mode = (int)_modes[n];
            if (mode == ConnectFails)
            {
                throw new IOException("refused");
            }

            if (mode == NotSupported)
            {
                throw new NotSupportedException("no chip key");
            }

            return new Stream(this, (byte[])_responses[n], mode);
        }

        private sealed class Stream : ITlsStream
        {
            private readonly ScriptedTls _owner;
            private readonly byte[] _data;
            private readonly int _mode;
            private int _position;

            public Stream(ScriptedTls owner, byte[] data, int mode)
            {
                _owner = owner;
                _data = data;
                _mode = mode;
            }

            public int Read(byte[] buffer, int offset, int count)
            {
                int n = _data.Length - _position;
                if (n == 0)
                {
                    if (_mode == AbruptClose)
                    {
                        throw new IOException("reset");
                    }

                    if (_mode == ReadTimeout)
                    {
                        throw new TimeoutException();
                    }

                    return 0;
                }

                n = n < _owner.Split ? n : _owner.Split;
                n = n < count ? n : count;
                Array.Copy(_data, _position, buffer, offset, n);
                _position += n;
                return n;
            }

            public void Write(byte[] buffer, int offset, int count)
            {
                var copy = new byte[count];
                Array.Copy(buffer, offset, copy, 0, count);
                _owner.Request = copy;
            }

            public void Dispose()
            {
            }
        }
    }
}
