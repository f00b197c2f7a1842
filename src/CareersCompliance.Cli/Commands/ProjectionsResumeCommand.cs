using System.CommandLine;
using CareersCompliance.EventStore.Projections;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers projections resume NAME</c>: retry a paused projection from its failed position.</summary>
public static class ProjectionsResumeCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The projection name." };
        var command = new Command("resume", "Resume a paused projection; it retries the failed event.") { name };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var projection = parse.GetValue(name)!;
            if (!await new ProjectionAdmin(services.App).ResumeAsync(projection, ct))
            {
                await services.Error.WriteLineAsync($"error: projection '{projection}' is not paused (see 'careers projections status').");
                return CliHost.Failed;
            }

            await services.Out.WriteLineAsync($"Resumed {projection}.");
            return CliHost.Ok;
        }, ct));
        return command;
    }
}
