using System.CommandLine;
using System.Text.Json.Nodes;
using CareersCompliance.Application;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Common;
using CareersCompliance.EventStore;
using NodaTime;
using NodaTime.Text;
using Npgsql;

namespace CareersCompliance.Cli.Commands;

/// <summary>Runs a verb against the full application runtime (store, registers, importer, reports).</summary>
public static class RuntimeHost
{
    /// <summary>The one real clock of the CLI (the composition root).</summary>
    public static IClock Clock { get; } = SystemClock.Instance;

    public static DateTimeZone London { get; } = DateTimeZoneProviders.Tzdb["Europe/London"];

    public static LocalDate Today => Clock.GetCurrentInstant().InZone(London).Date;

    public static async Task<int> RunAsync(ParseResult parse, Func<CareersRuntime, TextWriter, TextWriter, Task<int>> body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(body);
        var error = parse.InvocationConfiguration.Error;
        try
        {
            await using var runtime = CareersRuntime.Create(await CliHost.ConnectionStringAsync(parse, ct), Clock);
            var exitCode = await body(runtime, parse.InvocationConfiguration.Output, error);
            await SealWrittenAsync(runtime, error, ct);
            return exitCode;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            await error.WriteLineAsync($"error: the database schema is missing or out of date ({e.MessageText}); run 'careers db migrate' first.");
            return CliHost.Failed;
        }
        catch (DomainRuleViolation e)
        {
            await error.WriteLineAsync($"error: {e.Message} ({e.Code})");
            return CliHost.Failed;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or EventStoreException or IOException or TimeoutException
                                      or ConcurrencyConflictException)
        {
            await error.WriteLineAsync(CliHost.ErrorLine(e));
            return CliHost.Failed;
        }
    }

    /// <summary>
    /// The CLI has no background sealer, so a verb seals what it (or anyone) committed before it exits: 'careers verify'
    /// straight after an import then covers the imported events. A transaction held open elsewhere only delays sealing;
    /// that is a warning, not a failure of the verb, whose writes are committed.
    /// </summary>
    private static async Task SealWrittenAsync(CareersRuntime runtime, TextWriter error, CancellationToken ct)
    {
        try
        {
            await runtime.Sealer.SealCommittedAsync(SealWait, ct);
        }
        catch (TimeoutException)
        {
            var unsealed = await runtime.Sealer.GetUnsealedCountAsync(ct);
            await error.WriteLineAsync($"warning: {unsealed} committed event(s) are not sealed yet (a transaction held open elsewhere delays sealing); run 'careers seal' later.");
        }
    }

    private static TimeSpan SealWait { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Writes a report in the chosen format: JSON for tools, CSV for spreadsheets, a table for people.</summary>
    public static void WriteReport(ReportFormat format, TextWriter output, Func<JsonNode> json, Action<TextWriter> csv, Action<TextWriter> table)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(table);
        switch (format)
        {
            case ReportFormat.Json:
                output.WriteLine(ReportRendering.ToJson(json()));
                break;
            case ReportFormat.Csv:
                csv(output);
                break;
            default:
                table(output);
                break;
        }
    }

    public static bool TryParseDate(string? text, out LocalDate date)
    {
        var result = LocalDatePattern.Iso.Parse(text ?? "");
        date = result.Success ? result.Value : default;
        return result.Success;
    }

    /// <summary>Accepts an ISO instant (2027-03-01T12:00:00Z) or a date, read as the end of that day in London.</summary>
    public static bool TryParseInstant(string? text, out Instant instant)
    {
        var parsed = InstantPattern.ExtendedIso.Parse(text ?? "");
        if (parsed.Success)
        {
            instant = parsed.Value;
            return true;
        }

        var offset = OffsetDateTimePattern.ExtendedIso.Parse(text ?? "");
        if (offset.Success)
        {
            instant = offset.Value.ToInstant();
            return true;
        }

        if (TryParseDate(text, out var date))
        {
            instant = date.PlusDays(1).AtStartOfDayInZone(London).ToInstant() - Duration.FromTicks(1);
            return true;
        }

        instant = default;
        return false;
    }
}
