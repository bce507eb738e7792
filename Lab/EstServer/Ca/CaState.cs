using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lab.EstServer.Ca;

/// <summary>
/// One consistent, immutable state of the <see cref="CertificateAuthority"/>: the current root and issuing CA with
/// their keys, the issuing CA they replaced (still published, still accepted for re-enrollment) and, during a root
/// rollover, the old root and the two link certificates. Changes build a new state (<see cref="WithNewRoot"/>,
/// <see cref="WithNewIssuingCa"/>, <see cref="WithoutOldRoot"/>).
/// </summary>
public sealed class CaState
{
    internal CaState(
        X509Certificate2 root, ECDsa rootKey, X509Certificate2 issuing, ECDsa issuingKey, X509Certificate2? previousIssuing, RootRollover? rollover)
    {
        Root = root;
        RootKey = rootKey;
        Issuing = issuing;
        IssuingKey = issuingKey;
        PreviousIssuing = previousIssuing;
        Rollover = rollover;
    }

    /// <summary>The current root (NewWithNew after a rollover): signs issuing CAs and the TLS server certificate.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The current issuing CA: signs every new device certificate.</summary>
    public X509Certificate2 Issuing { get; }

    /// <summary>The issuing CA before the last rollover, or null: still in /cacerts and accepted for re-enrollment.</summary>
    public X509Certificate2? PreviousIssuing { get; }

    /// <summary>The old root and the link certificates while a root rollover is in progress, else null.</summary>
    public RootRollover? Rollover { get; }

    /// <summary>What /cacerts publishes: the root and issuing CA, the previous issuing CA, and during a root rollover the
    /// old root (OldWithOld), NewWithOld and OldWithNew (RFC 7030 §4.1.3).</summary>
    public IReadOnlyList<X509Certificate2> CaCertificates
    {
        get
        {
            List<X509Certificate2> certificates = [Root, Issuing];
            if (PreviousIssuing is not null)
            {
                certificates.Add(PreviousIssuing);
            }

            if (Rollover is not null)
            {
                certificates.AddRange([Rollover.OldRoot, Rollover.NewWithOld, Rollover.OldWithNew]);
            }

            return certificates;
        }
    }

    /// <summary>The roots this server still stands behind: the current one and, during a rollover, the old one.</summary>
    public IReadOnlyList<X509Certificate2> TrustedRoots => Rollover is null ? [Root] : [Root, Rollover.OldRoot];

    /// <summary>The issuing CAs whose device certificates authenticate a re-enrollment: current and previous.</summary>
    public IReadOnlyList<X509Certificate2> IssuingCertificates => PreviousIssuing is null ? [Issuing] : [Issuing, PreviousIssuing];

    internal ECDsa RootKey { get; }

    internal ECDsa IssuingKey { get; }

    /// <summary>
    /// Root rollover: a new root key and self-signed root (NewWithNew) with the next generation's name, NewWithOld (new
    /// name and key, signed by the old root), OldWithNew (old name and key, signed by the new root) and a new issuing CA
    /// under the new root. The current issuing CA becomes the previous one; the old root key is not kept.
    /// </summary>
    /// <exception cref="InvalidOperationException">A root rollover is already in progress (retire the old root first).</exception>
    internal CaState WithNewRoot(DateTimeOffset now)
    {
        if (Rollover is not null)
        {
            throw new InvalidOperationException(
                $"a root rollover is already in progress ({Rollover.OldRoot.Subject} → {Root.Subject}); retire the old root first");
        }

        ECDsa newRootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        X509Certificate2 newRoot = CertificateAuthority.CreateRoot(CertificateAuthority.NextGeneration(Root), newRootKey, now);
        X509Certificate2 newWithOld = CertificateAuthority.CreateLink(newRoot, Root, RootKey, now);
        X509Certificate2 oldWithNew = CertificateAuthority.CreateLink(Root, newRoot, newRootKey, now);
        (X509Certificate2 issuing, ECDsa issuingKey) = CertificateAuthority.CreateIssuing(
            CertificateAuthority.NextGeneration(Issuing), newRoot, newRootKey, now);
        return new CaState(newRoot, newRootKey, issuing, issuingKey, Issuing, new RootRollover(Root, newWithOld, oldWithNew));
    }

    /// <summary>Issuing CA rollover: a new issuing CA (next generation's name, new key) under the same root; the current
    /// one becomes the previous one (the one before that is dropped). A root rollover in progress stays.</summary>
    internal CaState WithNewIssuingCa(DateTimeOffset now)
    {
        (X509Certificate2 issuing, ECDsa issuingKey) = CertificateAuthority.CreateIssuing(
            CertificateAuthority.NextGeneration(Issuing), Root, RootKey, now);
        return new CaState(Root, RootKey, issuing, issuingKey, Issuing, Rollover);
    }

    /// <summary>Ends a root rollover: the old root, both links and a previous issuing CA under the old root are dropped.</summary>
    /// <exception cref="InvalidOperationException">No root rollover is in progress.</exception>
    internal CaState WithoutOldRoot()
    {
        if (Rollover is null)
        {
            throw new InvalidOperationException("no root rollover is in progress");
        }

        X509Certificate2? previous = PreviousIssuing is not null && PreviousIssuing.IssuerName.RawData.AsSpan().SequenceEqual(Root.SubjectName.RawData)
            ? PreviousIssuing
            : null;
        return new CaState(Root, RootKey, Issuing, IssuingKey, previous, null);
    }

    /// <summary>Disposes every certificate and key not already in <paramref name="disposed"/> (states share objects).</summary>
    internal void DisposeInto(HashSet<object> disposed)
    {
        IDisposable?[] parts = [Root, RootKey, Issuing, IssuingKey, PreviousIssuing, Rollover?.OldRoot, Rollover?.NewWithOld, Rollover?.OldWithNew];
        foreach (IDisposable? part in parts)
        {
            if (part is not null && disposed.Add(part))
            {
                part.Dispose();
            }
        }
    }
}

/// <summary>A root rollover in progress (RFC 7030 §4.1.3; RFC 4210 §4.4).</summary>
/// <param name="OldRoot">The old self-signed root (OldWithOld), public part only: its key is not kept.</param>
/// <param name="NewWithOld">The new root's name and key, issued and signed by the old root: links the new root to devices that trust the old one.</param>
/// <param name="OldWithNew">The old root's name and key, signed by the new root: lets devices that trust only the new root validate what the old one signed.</param>
public sealed record RootRollover(X509Certificate2 OldRoot, X509Certificate2 NewWithOld, X509Certificate2 OldWithNew);
