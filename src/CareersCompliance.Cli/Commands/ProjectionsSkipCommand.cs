using System.CommandLine;
using CareersCompliance.EventStore.Projections;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers projections skip NAME --reason R</c>: skip the failed event; recorded with reason and actor.</summary>
public static class ProjectionsSkipCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The projection name." };
        var reason = new Option<string>("--reason") { Description = "Why skipping the failed event is acceptable (recorded).", Required = true };
        var actor = new Option<string>("--actor")
        {
            Description = "Who decides (recorded; default: the OS user).",
            DefaultValueFactory = _ => Environment.UserName,
        };
        var command = new Command("skip", "Skip a paused projection's failed event and resume; the skip is audited.") { name, reason, actor };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var projection = parse.GetValue(name)!;
            var skipped = await new ProjectionAdmin(services.App).SkipAsync(projection, parse.GetValue(reason)!, parse.GetValue(actor)!, ct);
            if (skipped is null)
            {
                await services.Error.WriteLineAsync($"error: projection '{projection}' is not paused on a failed event.");
                return CliHost.Failed;
            }

            await services.Out.WriteLineAsync($"Skipped position {skipped} of {projection}; recorded in es.projection_skips.");
            return CliHost.Ok;
        }, ct));
        return command;
    }
}
