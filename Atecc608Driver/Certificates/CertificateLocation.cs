namespace Atecc608Driver.Certificates
{
    /// <summary>
    /// Where an element sits in a certificate template: its first byte and its length (CryptoAuthLib
    /// <c>atcacert_cert_loc_t</c>). A count of 0 means the certificate has no such element.
    /// </summary>
    public struct CertificateLocation
    {
        /// <summary>Creates a location of <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
        public CertificateLocation(int offset, int count)
        {
            Offset = offset;
            Count = count;
        }

        /// <summary>The element's first byte in the template.</summary>
        public int Offset { get; }

        /// <summary>The element's length in bytes; 0 when the certificate has no such element.</summary>
        public int Count { get; }

        /// <summary>True when the certificate has the element (<see cref="Count"/> &gt; 0).</summary>
        public bool IsPresent
        {
            get { return Count > 0; }
        }

        /// <summary>"offset+count", for messages.</summary>
        public override string ToString()
        {
            return Offset + "+" + Count;
        }
    }
}
