using System.CommandLine;
using CareersCompliance.EventStore.Projections;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers projections rebuild NAME</c>: blue/green rebuild from position 0, swapped in atomically.</summary>
public static class ProjectionsRebuildCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The projection name." };
        var command = new Command("rebuild", "Rebuild a projection into shadow tables from position 0 and swap them in.") { name };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var projectionName = parse.GetValue(name)!;
            if (ProjectionCatalog.Find(projectionName) is not { } projection)
            {
                var known = string.Join(", ", ProjectionCatalog.All().Select(p => p.Name));
                await services.Error.WriteLineAsync($"error: unknown projection '{projectionName}'. Known: {(known.Length == 0 ? "(none registered)" : known)}.");
                return CliHost.Failed;
            }

            var started = System.Diagnostics.Stopwatch.StartNew();
            var position = await new ProjectionRebuilder(services.Owner, ProjectionCatalog.Registry()).RebuildAsync(projection, ct);
            await services.Out.WriteLineAsync($"Rebuilt {projectionName} up to position {position} in {started.Elapsed.TotalSeconds:F1}s.");
            return CliHost.Ok;
        }, ct));
        return command;
    }
}
