using System.CommandLine;
using CareersCompliance.Cli.Commands;

// Each verb lives in Commands/<Verb>Command.cs with a static Create(); add a verb with one line here.
var root = new RootCommand("CareersCompliance: careers guidance compliance records, reports and the audit ledger.")
{
    new Command("db", "Database schema and logins.") { DbMigrateCommand.Create(), DbLoginsCommand.Create() },
    ImportCommand.Create(),
    ReportCommand.Create(),
    RecordCommand.Create(),
    AuditCommand.Create(), TimelineCommand.Create(),
    DemoCommand.Create(),
    SealCommand.Create(),
    VerifyCommand.Create(),
    AlertsCommand.Create(),
    EraseCommand.Create(),
    RetentionCommand.Create(),
    ExportCommand.Create(),
    UsersCommand.Create(),
    GrantsCommand.Create(),
    new Command("projections", "Read-model consumers of the ledger.")
    {
        ProjectionsStatusCommand.Create(),
        ProjectionsResumeCommand.Create(),
        ProjectionsSkipCommand.Create(),
        ProjectionsRebuildCommand.Create(),
    },
};
root.Options.Add(CliHost.ConnectionStringOption);
return await root.Parse(args).InvokeAsync();
