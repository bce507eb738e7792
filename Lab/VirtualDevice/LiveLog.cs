using Spectre.Console;

namespace Lab.VirtualDevice;

/// <summary>The demo's live output: a heading per phase, one line per event, prefixed with the simulated date.</summary>
internal sealed class LiveLog(VirtualClock clock, DateTime start)
{
    public void Phase(string title) => AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(title)}[/] [grey](day {Day()})[/]").LeftJustified());

    public void Device(DemoDevice device, string markup) =>
        AnsiConsole.MarkupLine($"[grey]day {Day(),4}[/] [cyan]{Markup.Escape(device.Id),-9}[/] {markup}");

    public void Server(string markup) => AnsiConsole.MarkupLine($"[grey]day {Day(),4}[/] [magenta]{"server",-9}[/] {markup}");

    public void Cloud(string markup) => AnsiConsole.MarkupLine($"[grey]day {Day(),4}[/] [blue]{"cloud",-9}[/] {markup}");

    private int Day() => (int)(clock.Now - start).TotalDays;
}
