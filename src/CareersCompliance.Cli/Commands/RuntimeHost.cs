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
            await using var runtime = await CareersRuntime.OpenAsync(parse.GetValue(CliHost.ConnectionStringOption), Clock, ct);
            return await body(runtime, parse.InvocationConfiguration.Output, error);
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
