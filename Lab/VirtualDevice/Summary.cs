using System.Globalization;
using DeviceAgent.Renewal;
using Spectre.Console;

namespace Lab.VirtualDevice;

/// <summary>The closing table: what each device holds and what its life cost.</summary>
internal static class Summary
{
    public static Table Build(IReadOnlyList<DemoDevice> devices, IReadOnlyDictionary<DemoDevice, DeviceStats> stats, DateTime now)
    {
        var table = new Table().Border(TableBorder.Simple).Title("[bold]Summary[/]");
        table.AddColumn(new TableColumn("device").NoWrap());
        table.AddColumn(new TableColumn("valid until").NoWrap());
        foreach (string column in new[] { "key slot", "renewals", "retries", "EST KB", "MQTT wakes", "power cuts", "tier days op/grace/birth", "expired days", "dark days" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (DemoDevice device in devices)
        {
            RenewalState state = device.Runner.Engine.State;
            DeviceStats s = stats[device];
            string current = device.Current is { } c
                ? (c.NotAfter > now ? "[green]" : "[red]") + c.NotAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "[/]"
                : "[red]none[/]";
            table.AddRow(
                device.StockFirmware ? device.Id + "*" : device.Id,
                current,
                device.Runner.Credentials.LoadCurrent().KeySlot.ToString(CultureInfo.InvariantCulture),
                state.Renewals.ToString(CultureInfo.InvariantCulture),
                state.TransientFailures.ToString(CultureInfo.InvariantCulture),
                ((device.Connector.BytesSent + device.Connector.BytesReceived) / 1024.0).ToString("0.0", CultureInfo.InvariantCulture),
                device.OnlineWakes.ToString(CultureInfo.InvariantCulture),
                device.PowerCuts.ToString(CultureInfo.InvariantCulture),
                $"{s.DaysByTier.GetValueOrDefault(CredentialTier.Operational)}/{s.DaysByTier.GetValueOrDefault(CredentialTier.ExpiredInGrace)}/{s.DaysByTier.GetValueOrDefault(CredentialTier.Birth)}",
                s.ExpiredInGraceDays.ToString(CultureInfo.InvariantCulture),
                s.DarkDays == 0 ? "[green]0[/]" : "[red]" + s.DarkDays.ToString(CultureInfo.InvariantCulture) + "[/]");
        }

        table.Caption("[grey]renewals: certificates issued; retries: transient failures; EST KB: HTTP bytes both ways above TLS; MQTT wakes: wakes with the MQTT session up; " +
            "tier days: days per credential tier in use; expired days: past notAfter but inside the server's grace window; " +
            "dark days: no certificate that could authenticate; *: a stock-firmware board (HTTP Basic re-enrollment, chip-token MQTT login)[/]");
        return table;
    }
}
