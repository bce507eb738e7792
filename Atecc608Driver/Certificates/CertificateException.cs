using System;

namespace Atecc608Driver.Certificates
{
    /// <summary>
    /// A compressed certificate, a certificate definition, a certificate or an input was malformed or did not match,
    /// with a machine-readable <see cref="Error"/> and a message a field engineer understands.
    /// </summary>
    public class CertificateException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public CertificateException(CertificateError error, string message)
            : base(message)
        {
            Error = error;
        }

        /// <summary>The kind of failure.</summary>
        public CertificateError Error { get; }
    }
}
