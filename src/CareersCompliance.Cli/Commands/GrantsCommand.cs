using System.CommandLine;
using System.Text.Json;
using CareersCompliance.Application.Accounts;
using NodaTime;
using NodaTime.Text;

namespace CareersCompliance.Cli.Commands;

/// <summary><c>careers grants add|list|revoke</c>: inspectors' read-only access to one school for a stated period.</summary>
public static class GrantsCommand
{
    public static Command Create() => new("grants", "Inspectors' read-only access to one school for a stated period, with an expiry.")
    {
        Add(), List(), Revoke(),
    };

    private static Command Add()
    {
        Argument<string> username = new("username") { Description = "The inspector's account." };
        Option<string> school = new("--school") { Description = "The school (URN).", Required = true };
        Option<string> from = new("--from") { Description = "First day of the period under inspection (yyyy-MM-dd).", Required = true };
        Option<string> to = new("--to") { Description = "Last day of the period (yyyy-MM-dd).", Required = true };
        Option<string> expires = new("--expires")
        {
            Description = "When access ends: an instant, or a date (end of that day, Europe/London).",
            Required = true,
        };
        Option<bool> identities = new("--show-identities") { Description = "Show pupils' UPNs and names (default: initials and a code)." };
        Option<string> purpose = new("--purpose") { Description = "Why access is granted.", DefaultValueFactory = _ => "inspection" };
        Option<string> by = new("--by") { Description = "Who grants it.", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command("add", "Grant an inspector access to one school.") { username, school, from, to, expires, identities, purpose, by };
        command.SetAction((parse, ct) => UsersCommand.RunAsync(parse, async (service, _, output) =>
        {
            if (!RuntimeHost.TryParseDate(parse.GetValue(from), out var f) || !RuntimeHost.TryParseDate(parse.GetValue(to), out var t))
            {
                throw new AccountException("--from and --to must be dates (yyyy-MM-dd)");
            }

            if (!RuntimeHost.TryParseInstant(parse.GetValue(expires), out var until))
            {
                throw new AccountException("--expires must be an instant or a date");
            }

            var grant = await service.GrantAsync(parse.GetValue(username)!, parse.GetValue(school)!, f, t, until, parse.GetValue(identities),
                parse.GetValue(purpose)!, parse.GetValue(by)!, ct);
            await output.WriteLineAsync($"Granted {grant.Username} access to {grant.SchoolUrn} for {Date(grant.PeriodFrom)}..{Date(grant.PeriodTo)} " +
                                        $"until {grant.ExpiresAt} (grant {grant.GrantId}).");
            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static Command List()
    {
        Option<string?> user = new("--user") { Description = "Only this account's grants." };
        Option<bool> json = new("--json") { Description = "Print JSON." };
        var command = new Command("list", "List grants, newest first.") { user, json };
        command.SetAction((parse, ct) => UsersCommand.RunAsync(parse, async (service, runtime, output) =>
        {
            Guid? accountId = null;
            if (parse.GetValue(user) is { } u)
            {
                accountId = (await service.FindAsync(u, ct) ?? throw new AccountException($"No account '{u}'")).AccountId;
            }

            var now = runtime.Clock.GetCurrentInstant();
            var grants = await service.ListGrantsAsync(accountId, ct);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(grants.Select(g => new
                {
                    g.GrantId,
                    g.Username,
                    g.SchoolUrn,
                    PeriodFrom = Date(g.PeriodFrom),
                    PeriodTo = Date(g.PeriodTo),
                    ExpiresAt = InstantPattern.General.Format(g.ExpiresAt),
                    g.ShowIdentities,
                    g.Purpose,
                    g.GrantedBy,
                    Active = g.ActiveAt(now),
                    RevokedAt = g.RevokedAt is { } r ? InstantPattern.General.Format(r) : null,
                }), CliHost.Json));
                return CliHost.Ok;
            }

            foreach (var g in grants)
            {
                var state = g.RevokedAt is not null ? "revoked" : g.ActiveAt(now) ? "active" : "expired";
                await output.WriteLineAsync($"{g.GrantId}  {g.Username,-16} {g.SchoolUrn,-8} {Date(g.PeriodFrom)}..{Date(g.PeriodTo)}  " +
                                            $"expires {g.ExpiresAt}  {state,-8} {(g.ShowIdentities ? "identities" : "pseudonyms")}  {g.Purpose}");
            }

            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static Command Revoke()
    {
        Argument<Guid> grant = new("grant-id");
        Option<string> by = new("--by") { Description = "Who revokes it.", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command("revoke", "Revoke a grant now.") { grant, by };
        command.SetAction((parse, ct) => UsersCommand.RunAsync(parse, async (service, _, output) =>
        {
            await service.RevokeGrantAsync(parse.GetValue(grant), parse.GetValue(by)!, ct);
            await output.WriteLineAsync($"Revoked grant {parse.GetValue(grant)}.");
            return CliHost.Ok;
        }, ct));
        return command;
    }

    private static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);
}
