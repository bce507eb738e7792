namespace Lab.FleetSim;

/// <summary>What one strategy's run counts: per-day series for the charts and totals for the table.</summary>
internal sealed class FleetMetrics
{
    private readonly long _start;
    private readonly bool[] _everDark;
    private readonly bool[] _triedInOutage;
    private readonly long[] _darkDiff;

    public FleetMetrics(int days, int devices, long startTicks)
    {
        Days = days;
        _start = startTicks;
        _everDark = new bool[devices];
        _triedInOutage = new bool[devices];
        _darkDiff = new long[days + 1];
        Renewals = new int[Enum.GetValues<RenewalCause>().Length][];
        for (int i = 0; i < Renewals.Length; i++)
        {
            Renewals[i] = new int[days];
        }

        EstRequestsPerDay = new int[days];
        CrlEntriesPerDay = new int[days];
        FlashWrites = new long[FlashRecords.KindCount];
        FlashBytes = new long[FlashRecords.KindCount];
    }

    /// <summary>Simulated days.</summary>
    public int Days { get; }

    /// <summary>Certificates accepted by devices per cause (<see cref="RenewalCause"/> index) and day of issue.</summary>
    public int[][] Renewals { get; }

    /// <summary>EST enrollment requests (/simpleenroll, /simplereenroll, any outcome) per day.</summary>
    public int[] EstRequestsPerDay { get; }

    /// <summary>Entries on the CA's revocation list at the start of each day.</summary>
    public int[] CrlEntriesPerDay { get; }

    /// <summary>EST enrollment requests sent, any outcome.</summary>
    public long EstRequests { get; private set; }

    /// <summary>Their bytes on the wire.</summary>
    public long EstBytes { get; private set; }

    /// <summary>/cacerts requests sent.</summary>
    public long CaCertsRequests { get; private set; }

    /// <summary>Their bytes on the wire.</summary>
    public long CaCertsBytes { get; private set; }

    /// <summary>Token fetches (strategy C).</summary>
    public long TokenRequests { get; private set; }

    /// <summary>Their bytes on the wire.</summary>
    public long TokenBytes { get; private set; }

    /// <summary>Token fetches that failed (token service down or full).</summary>
    public long TokenFailures { get; set; }

    /// <summary>What-if: bytes if every device fetched the CRL at every session (strategy A).</summary>
    public long CrlFetchBytes { get; private set; }

    /// <summary>Outcomes of enrollment requests.</summary>
    public long Transient { get; private set; }

    /// <summary>503 answers for capacity.</summary>
    public long Overloaded { get; private set; }

    /// <summary>401/403 answers.</summary>
    public long AuthFailed { get; private set; }

    /// <summary>202 answers.</summary>
    public long Pending { get; private set; }

    /// <summary>Certificates the server issued that the device refused (not yet valid at its clock, untrusted CA).</summary>
    public long Discarded => DiscardedNotYetValid + DiscardedUntrusted;

    /// <summary>Issued certificates refused by EstClient as not yet valid at the latest of the device's floor, estimate and the answer's Date (or expired at its floor).</summary>
    public long DiscardedNotYetValid { get; set; }

    /// <summary>Issued certificates refused by EstClient as not chaining to an anchor (from the new CA before /cacerts).</summary>
    public long DiscardedUntrusted { get; set; }

    /// <summary>Candidates promoted to current.</summary>
    public long Promotions { get; set; }

    /// <summary>Certificates accepted through the birth credential by devices that had held one (lapsed or lost).</summary>
    public long Rebootstraps { get; set; }

    /// <summary>Writes to flash per record kind (<see cref="FlashRecords.Kind"/> index).</summary>
    public long[] FlashWrites { get; }

    /// <summary>Bytes written to flash per record kind.</summary>
    public long[] FlashBytes { get; }

    /// <summary>Reboots after power cuts.</summary>
    public long Reboots { get; set; }

    /// <summary>Daily cloud sessions opened.</summary>
    public long Sessions { get; set; }

    /// <summary>Sessions not opened: no valid certificate.</summary>
    public long SessionsWithoutCertificate { get; set; }

    /// <summary>Sessions not opened: the device is revoked and the revocation has taken effect.</summary>
    public long SessionsRevoked { get; set; }

    /// <summary>Sessions not opened for a strategy reason (no token).</summary>
    public long SessionsRefused { get; set; }

    /// <summary>Devices that lost a valid certificate at some point (revoked devices excluded).</summary>
    public int DevicesEverDark { get; private set; }

    /// <summary>Sum of dark time over devices (ticks).</summary>
    public long DarkTicksTotal { get; private set; }

    /// <summary>Longest single dark stretch (ticks).</summary>
    public long DarkTicksMax { get; private set; }

    /// <summary>Longest single dark stretch.</summary>
    public TimeSpan LongestDark() => TimeSpan.FromTicks(DarkTicksMax);

    /// <summary>Devices that never got a certificate (revoked devices excluded).</summary>
    public int NeverEnrolled { get; set; }

    /// <summary>Per revoked device: time from revocation until it can no longer connect (ticks).</summary>
    public List<long> RevocationLatencies { get; } = [];

    /// <summary>Device-years in service (from first boot to the end of the run).</summary>
    public double DeviceYears { get; set; }

    /// <summary>Devices without the new root when the old one was retired (they can no longer reach EST).</summary>
    public int StrandedByRollover { get; set; }

    /// <summary>Days from the root rollover until the last device in service held the new root; -1 if some never did.</summary>
    public double RolloverDays { get; set; } = double.NaN;

    /// <summary>Peak EST requests in flight at once (capacity model).</summary>
    public int EstPeakConcurrency { get; set; }

    /// <summary>Peak token requests in flight at once (C).</summary>
    public int TokenPeakConcurrency { get; set; }

    /// <summary>Most CRL entries at once.</summary>
    public int CrlPeakEntries { get; set; }

    /// <summary>CRL entries at the end.</summary>
    public int CrlEndEntries { get; set; }

    /// <summary>Engine calls made.</summary>
    public long EngineCalls { get; set; }

    /// <summary>Counts one enrollment request and its answer.</summary>
    public void EstRequest(long now, in EstAnswer answer)
    {
        EstRequests++;
        EstBytes += answer.Bytes;
        EstRequestsPerDay[Day(now)]++;
        switch (answer.Status)
        {
            case 0:
                Transient++;
                break;
            case 202:
                Pending++;
                break;
            case 401:
            case 403:
                AuthFailed++;
                break;
            case 503:
                Overloaded++;
                Transient++;
                break;
            default:
                break;
        }
    }

    /// <summary>Enrollment requests sent while the EST server was down.</summary>
    public long OutageRequests { get; private set; }

    /// <summary>Devices that sent at least one enrollment request while the EST server was down.</summary>
    public int OutageDevices { get; private set; }

    /// <summary>Counts an enrollment request that met the outage.</summary>
    public void OutageRequest(int device)
    {
        OutageRequests++;
        if (!_triedInOutage[device])
        {
            _triedInOutage[device] = true;
            OutageDevices++;
        }
    }

    /// <summary>Counts one /cacerts request.</summary>
    public void CaCerts(in EstAnswer answer)
    {
        CaCertsRequests++;
        CaCertsBytes += answer.Bytes;
    }

    /// <summary>Counts one token fetch.</summary>
    public void TokenFetch(int bytes)
    {
        TokenRequests++;
        TokenBytes += bytes;
    }

    /// <summary>Counts one what-if CRL fetch.</summary>
    public void CrlFetch(long bytes) => CrlFetchBytes += bytes;

    /// <summary>Counts a certificate accepted by a device.</summary>
    public void Accepted(RenewalCause cause, long now) => Renewals[(int)cause][Day(now)]++;

    /// <summary>Counts one record saved.</summary>
    public void Flash(FlashRecords.Kind kind, int anchorCertificates = 2)
    {
        FlashWrites[(int)kind]++;
        FlashBytes[(int)kind] += FlashRecords.Bytes(kind, anchorCertificates);
    }

    /// <summary>A device had no valid certificate from <paramref name="from"/> to <paramref name="to"/> (ticks).</summary>
    public void Dark(int device, long from, long to)
    {
        if (to <= from)
        {
            return;
        }

        if (!_everDark[device])
        {
            _everDark[device] = true;
            DevicesEverDark++;
        }

        long span = to - from;
        DarkTicksTotal += span;
        DarkTicksMax = Math.Max(DarkTicksMax, span);
        int first = Math.Max(0, Day(from));
        int last = Math.Min(Days - 1, Day(to - 1));
        _darkDiff[first]++;
        _darkDiff[last + 1]--;
    }

    /// <summary>Devices dark at some moment of each day.</summary>
    public int[] DarkPerDay()
    {
        var series = new int[Days];
        long running = 0;
        for (int d = 0; d < Days; d++)
        {
            running += _darkDiff[d];
            series[d] = (int)running;
        }

        return series;
    }

    /// <summary>Renewals (every cause but first enrollment) per day.</summary>
    public int[] RenewalsPerDay()
    {
        var series = new int[Days];
        for (int d = 0; d < Days; d++)
        {
            series[d] = Renewals[(int)RenewalCause.Scheduled][d] + Renewals[(int)RenewalCause.ClockLoss][d] + Renewals[(int)RenewalCause.Command][d];
        }

        return series;
    }

    /// <summary>Total of one cause.</summary>
    public long Total(RenewalCause cause) => Renewals[(int)cause].Sum(x => (long)x);

    private int Day(long ticks) => (int)Math.Clamp((ticks - _start) / TimeSpan.TicksPerDay, 0, Days - 1);
}
