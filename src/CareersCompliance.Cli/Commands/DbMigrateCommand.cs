using System.CommandLine;
using CareersCompliance.EventStore.Schema;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers db migrate</c>: applies the forward-only SQL migrations not applied yet.</summary>
public static class DbMigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply pending schema migrations (ops/db/migrations) as the owner role.");
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var applied = await Migrator.MigrateAsync(services.ConnectionString, ct);
            await services.Out.WriteLineAsync(applied.Count == 0
                ? "Schema is up to date."
                : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
            return CliHost.Ok;
        }, ct));
        return command;
    }
}
