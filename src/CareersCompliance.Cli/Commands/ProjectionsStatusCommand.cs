using System.CommandLine;
using System.Text.Json;
using CareersCompliance.EventStore.Projections;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers projections status</c>: checkpoint, lag and pause details of every consumer.</summary>
public static class ProjectionsStatusCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print as JSON." };
        var command = new Command("status", "Show each projection's checkpoint, lag and failure.") { json };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var statuses = await new ProjectionAdmin(services.App).GetStatusAsync(ct);
            var known = ProjectionCatalog.All().Select(p => p.Name).Where(n => statuses.All(s => !string.Equals(s.Name, n, StringComparison.Ordinal)));
            if (parse.GetValue(json))
            {
                await services.Out.WriteLineAsync(JsonSerializer.Serialize(new { projections = statuses, neverRun = known }, CliHost.Json));
                return CliHost.Ok;
            }

            foreach (var s in statuses)
            {
                var failure = s.FailedPosition is { } p ? $" failed at {p} ({s.FailedEventType}): {s.PausedReason}" : "";
                await services.Out.WriteLineAsync($"{s.Name,-32} {s.Status,-8} position {s.Position} lag {s.Lag}{failure}");
            }

            foreach (var name in known)
            {
                await services.Out.WriteLineAsync($"{name,-32} never run");
            }

            return statuses.Any(s => string.Equals(s.Status, "paused", StringComparison.Ordinal)) ? CliHost.Failed : CliHost.Ok;
        }, ct));
        return command;
    }
}
