using System.CommandLine;
using CareersCompliance.EventStore.Hosting;
using CareersCompliance.EventStore.Schema;

namespace CareersCompliance.Cli.Commands;

/// <summary>
/// <c>careers db logins</c>: gives careers_app and careers_sealer passwords of their own, read from the environment (never
/// from the command line, which other users of the machine can see), so a web host can run without the owner's login.
/// </summary>
public static class DbLoginsCommand
{
    public const string AppPasswordVariable = "CAREERS_APP_PASSWORD";
    public const string SealerPasswordVariable = "CAREERS_SEALER_PASSWORD";

    public static Command Create()
    {
        var command = new Command("logins",
            $"Let careers_app and careers_sealer log in with the passwords in {AppPasswordVariable} and {SealerPasswordVariable} " +
            "(at least 16 characters), and print the web host's settings for them. Run as the owner, after db migrate.");
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var passwords = new[]
            {
                (Role: EventStoreDataSources.ApplicationRole, Variable: AppPasswordVariable, Setting: "ConnectionStrings__CareersApp"),
                (Role: EventStoreDataSources.SealerRole, Variable: SealerPasswordVariable, Setting: "ConnectionStrings__CareersSealer"),
            }.Select(p => (p.Role, p.Variable, p.Setting, Password: Environment.GetEnvironmentVariable(p.Variable))).ToList();
            if (passwords.All(p => string.IsNullOrEmpty(p.Password)))
            {
                await services.Error.WriteLineAsync(
                    $"Nothing to do: set {AppPasswordVariable} and {SealerPasswordVariable} (each at least {RoleLogins.MinimumPasswordLength} characters) and run this again.");
                return CliHost.Failed;
            }

            var given = passwords.Where(p => !string.IsNullOrEmpty(p.Password)).ToList();
            // Why all checked first: one short password changes nothing, rather than one role's login and not the other's.
            if (given.FirstOrDefault(p => p.Password!.Length < RoleLogins.MinimumPasswordLength) is { Variable: not null } tooShort)
            {
                await services.Error.WriteLineAsync(
                    $"{tooShort.Variable} is too short: use at least {RoleLogins.MinimumPasswordLength} characters. Nothing was changed.");
                return CliHost.Failed;
            }

            foreach (var (role, variable, setting, password) in given)
            {
                var login = await RoleLogins.EnableAsync(services.ConnectionString, role, password!, ct);
                var shown = new Npgsql.NpgsqlConnectionStringBuilder(login) { Password = $"<{variable}>" }.ConnectionString;
                await services.Out.WriteLineAsync($"{role} may log in. Give the web host {setting}=\"{shown}\".");
            }

            return CliHost.Ok;
        }, ct));
        return command;
    }
}
