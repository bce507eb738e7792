namespace Lab.FleetSim;

/// <summary>
/// The entries a CRL must carry: every revoked certificate until its notAfter, after which RFC 5280 §3.3 lets the CA
/// drop it. Entries are added when the server revokes and leave the list when <see cref="Advance"/> passes their notAfter.
/// </summary>
internal sealed class RevocationList
{
    private readonly PriorityQueue<long, long> _byNotAfter = new();

    /// <summary>Entries on the list now.</summary>
    public int Count => _byNotAfter.Count;

    /// <summary>Most entries the list ever held.</summary>
    public int PeakCount { get; private set; }

    /// <summary>Certificates ever revoked while valid.</summary>
    public long Added { get; private set; }

    /// <summary>Revokes a certificate valid until <paramref name="notAfter"/> (ticks).</summary>
    public void Add(long notAfter)
    {
        _byNotAfter.Enqueue(notAfter, notAfter);
        Added++;
        PeakCount = Math.Max(PeakCount, _byNotAfter.Count);
    }

    /// <summary>Drops the entries whose certificate has expired by <paramref name="now"/>.</summary>
    public void Advance(long now)
    {
        while (_byNotAfter.TryPeek(out _, out long notAfter) && notAfter <= now)
        {
            _byNotAfter.Dequeue();
        }
    }
}
