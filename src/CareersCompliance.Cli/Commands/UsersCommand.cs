using System.CommandLine;
using System.Text.Json;
using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.EventStore;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers users add|list|disable|set-password|token|demo</c>: the web application's accounts.</summary>
public static class UsersCommand
{
    public static Command Create() => new("users", "Accounts of the web application: roles, scopes, passwords and API tokens.")
    {
        Add(), List(), Disable(), SetPassword(), Token(), Demo(),
    };

    private static Command Add()
    {
        Argument<string> username = new("username") { Description = "Login name (lower-case letters, digits, . _ @ -)." };
        Option<string> role = new("--role")
        {
            Description = "trust-director, compliance-officer, careers-leader, inspector or administrator.",
            Required = true,
        };
        Option<string?> trust = new("--trust") { Description = "The trust a director or compliance officer reads (trust id)." };
        Option<string?> school = new("--school") { Description = "The school a careers leader or compliance officer works in (URN)." };
        Option<string?> name = new("--name") { Description = "The name shown in the application." };
        Option<bool> passwordStdin = new("--password-stdin") { Description = "Read the password from standard input (else one is generated and printed once)." };
        var command = new Command("add", "Add an account.") { username, role, trust, school, name, passwordStdin };
        command.SetAction((parse, ct) => RunAsync(parse, async (service, _, output) =>
        {
            if (!AccountRoles.TryParse(parse.GetValue(role), out var r))
            {
                throw new AccountException($"Unknown role '{parse.GetValue(role)}'");
            }

            var scope = (parse.GetValue(trust), parse.GetValue(school)) switch
            {
                ({ } t, null) => AccountScope.Trust(t),
                (null, { } s) => AccountScope.School(s),
                (null, null) => AccountScope.None,
                _ => throw new AccountException("Give --trust or --school, not both"),
            };
            var (password, generated) = await PasswordAsync(parse.GetValue(passwordStdin), ct);
            var account = await service.AddAsync(parse.GetValue(username)!, parse.GetValue(name) ?? "", r, scope, password, Actor, ct);
            await output.WriteLineAsync($"Added {account.Username} ({AccountRoles.ToName(account.Role)}, {account.Scope}).");
            if (generated)
            {
                await output.WriteLineAsync($"Password (shown once): {password}");
            }

            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static Command List()
    {
        Option<bool> json = new("--json") { Description = "Print JSON." };
        var command = new Command("list", "List accounts.") { json };
        command.SetAction((parse, ct) => RunAsync(parse, async (service, _, output) =>
        {
            var accounts = await service.ListAsync(ct);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(accounts.Select(a => new
                {
                    a.Username,
                    a.DisplayName,
                    Role = AccountRoles.ToName(a.Role),
                    Scope = a.Scope.Kind.ToString().ToLowerInvariant(),
                    ScopeId = a.Scope.Id,
                    a.Disabled,
                }), CliHost.Json));
                return CliHost.Ok;
            }

            foreach (var a in accounts)
            {
                var state = a.Disabled ? "disabled" : "active";
                await output.WriteLineAsync($"{a.Username,-24} {AccountRoles.ToName(a.Role),-19} {a.Scope,-16} {state,-10} {a.DisplayName}");
            }

            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static Command Disable()
    {
        Argument<string> username = new("username");
        var command = new Command("disable", "Disable an account: no more logins; its sessions and tokens stop at their next request.") { username };
        command.SetAction((parse, ct) => RunAsync(parse, async (service, _, output) =>
        {
            await service.DisableAsync(parse.GetValue(username)!, Actor, ct);
            await output.WriteLineAsync($"Disabled {AccountService.Normalise(parse.GetValue(username)!)}.");
            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static Command SetPassword()
    {
        Argument<string> username = new("username");
        Option<bool> passwordStdin = new("--password-stdin") { Description = "Read the password from standard input (else one is generated and printed once)." };
        var command = new Command("set-password", "Set an account's password; it ends the account's open sessions.") { username, passwordStdin };
        command.SetAction((parse, ct) => RunAsync(parse, async (service, _, output) =>
        {
            var (password, generated) = await PasswordAsync(parse.GetValue(passwordStdin), ct);
            await service.SetPasswordAsync(parse.GetValue(username)!, password, Actor, ct);
            await output.WriteLineAsync(generated ? $"New password (shown once): {password}" : "Password set.");
            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static Command Token()
    {
        Argument<string> username = new("username");
        Option<string> name = new("--name") { Description = "What the token is for.", DefaultValueFactory = _ => "script" };
        Option<int?> days = new("--expires-days") { Description = "Days until the token expires (default: never)." };
        var command = new Command("token", "Issue an API token (Authorization: Bearer) for scripts; printed once.") { username, name, days };
        command.SetAction((parse, ct) => RunAsync(parse, async (service, runtime, output) =>
        {
            var expires = parse.GetValue(days) is { } d ? runtime.Clock.GetCurrentInstant() + NodaTime.Duration.FromDays(d) : (NodaTime.Instant?)null;
            var token = await service.IssueTokenAsync(parse.GetValue(username)!, parse.GetValue(name)!, expires, Actor, ct);
            await output.WriteLineAsync($"Token (shown once): {token.Token}");
            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static Command Demo()
    {
        Option<bool> reset = new("--reset-passwords") { Description = "Give existing demo accounts new passwords (and print them)." };
        var command = new Command("demo", "Create one account per role for the demo trusts; new passwords are printed once.") { reset };
        command.SetAction((parse, ct) => RunAsync(parse, async (service, runtime, output) =>
        {
            var directory = await new SchoolDirectory(new StreamSetReader(runtime.App, runtime.Registry)).LoadAsync(RuntimeHost.Today, ct);
            if (directory.Trusts.Count == 0)
            {
                throw new AccountException("No trusts in the database: run 'careers demo seed' first");
            }

            var accounts = await new DemoAccounts(service, runtime.Clock).EnsureAsync(directory, parse.GetValue(reset), ct);
            await output.WriteLineAsync($"{"Username",-24} {"Password",-22} {"Role",-19} {"Scope",-16} Note");
            foreach (var a in accounts)
            {
                await output.WriteLineAsync(
                    $"{a.Username,-24} {a.Password ?? "(unchanged)",-22} {AccountRoles.ToName(a.Role),-19} {a.Scope,-16} {a.Note}");
            }

            return CliHost.Ok;
        }, ct));
        return command;
    }

    /// <summary>Who the change record names for a change made here: the operating-system user, as <c>grants --by</c> defaults to
    /// (a container may have none).</summary>
    private static string Actor => string.IsNullOrWhiteSpace(Environment.UserName) ? "command-line" : Environment.UserName;

    private static async Task<(string Password, bool Generated)> PasswordAsync(bool fromStdin, CancellationToken ct)
    {
        if (!fromStdin)
        {
            return (PasswordHashing.Generate(), true);
        }

        var line = await Console.In.ReadLineAsync(ct);
        return (line?.TrimEnd('\r', '\n') ?? "", false);
    }

    internal static Task<int> RunAsync(
        ParseResult parse, Func<AccountService, CareersRuntime, TextWriter, Task<int>> body, CancellationToken ct) =>
        RuntimeHost.RunAsync(parse, async (runtime, output, error) =>
        {
            try
            {
                return await body(new AccountService(runtime.App, runtime.Clock), runtime, output);
            }
            catch (AccountException e)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return CliHost.Failed;
            }
        }, ct);
}
