using CareersCompliance.Application.Commands;
using CareersCompliance.Application.Reports;
using CareersCompliance.Domain.Alerts;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Rules;
using CareersCompliance.EventStore;
using CareersCompliance.Projections.Alerts;
using NodaTime;

namespace CareersCompliance.Application.Alerts;

/// <summary>What one evaluation changed.</summary>
public sealed record EvaluationSummary(LocalDate AsOf, int Conditions, int Raised, int ReRaised, int Resolved, int StillOpen);

/// <summary>
/// The alert automation: reads the to-do view (the reports, referrals, cases and operations health give today's conditions;
/// rm.alerts gives the open alerts) and sends RaiseAlert / ResolveAlert through the command handler. Run on demand
/// (<c>careers alerts evaluate</c>) and daily; dates are Europe/London dates from the injected clock.
/// </summary>
public sealed class NonComplianceAlertProcessor(CareersRuntime runtime, StreamCommandHandler commands, AlertListQuery alerts, AlertSources sources,
    AlertOptions options)
{
    public static DateTimeZone London { get; } = DateTimeZoneProviders.Tzdb["Europe/London"];

    private static readonly ActorId Evaluator = new("system:alert-evaluator");

    public LocalDate Today => runtime.Clock.GetCurrentInstant().InZone(London).Date;

    /// <summary>Evaluates every rule as of <paramref name="asOf"/> (default today) and brings the alert streams in line.</summary>
    public async Task<EvaluationSummary> EvaluateAsync(LocalDate? asOf, CancellationToken ct)
    {
        var date = asOf ?? Today;
        // Why health before catching up: catching up seals, which would hide the sealing lag being measured.
        var health = await sources.HealthAsync(options.VerifyLedger, ct);
        await runtime.CatchUpAsync(ct);
        var conditions = new Dictionary<string, AlertCondition>(StringComparer.Ordinal);
        void Add(IEnumerable<AlertCondition> found)
        {
            foreach (var c in found)
            {
                conditions.TryAdd(c.DedupeKey, c);
            }
        }

        var trustOfSchool = new Dictionary<SchoolUrn, (TrustId Trust, AlertSettings Settings)>();
        foreach (var trust in await sources.TrustsAsync(ct))
        {
            var settings = await sources.SettingsAsync(trust, ct);
            var query = new ReportQuery(date, null, RuleSettings.Default with { AlertHorizonDays = settings.HorizonDays });
            var report = await runtime.Reports.TrustAsync(trust, query, ct);
            foreach (var school in report.Schools)
            {
                trustOfSchool[school.Urn] = (trust, settings);
                Add(AlertRules.ForSchool(trust, school, settings));
            }
        }

        foreach (var byTrust in (await sources.ReferralsAsync(ct)).Where(r => trustOfSchool.ContainsKey(r.SchoolUrn)).GroupBy(r => trustOfSchool[r.SchoolUrn]))
        {
            Add(AlertRules.ForReferrals(byTrust.Key.Trust, byTrust, date, byTrust.Key.Settings));
        }

        foreach (var byTrust in (await sources.ComplianceCasesAsync(ct)).OfType<Domain.ComplianceCases.ComplianceCase.Open>()
                     .Where(c => trustOfSchool.ContainsKey(c.SchoolUrn)).GroupBy(c => trustOfSchool[c.SchoolUrn]))
        {
            Add(AlertRules.ForComplianceCases(byTrust.Key.Trust, byTrust, date, byTrust.Key.Settings));
        }

        Add(AlertRules.ForOperations(health, AlertSettings.Default));
        return await ApplyAsync(date, conditions, ct);
    }

    private async Task<EvaluationSummary> ApplyAsync(LocalDate date, Dictionary<string, AlertCondition> conditions, CancellationToken ct)
    {
        var open = (await alerts.ListAsync(null, null, ct)).Where(a => !string.Equals(a.Status, "resolved", StringComparison.Ordinal)).ToDictionary(a => a.DedupeKey, StringComparer.Ordinal);
        int raised = 0, reRaised = 0, resolved = 0;
        var now = runtime.Clock.GetCurrentInstant();
        foreach (var condition in conditions.Values.Where(c => !open.ContainsKey(c.DedupeKey)))
        {
            var id = AlertStreams.IdFor(condition.DedupeKey);
            var result = await commands.HandleAsync(AlertStreams.Alert, AlertStreams.For(id),
                s => RaiseAlert.Decide(s, new RaiseAlert(id, condition, date, Evaluator, now)),
                Context(condition.TrustId, condition.SchoolUrn, date, "raise-alert"), ct);
            if (result.Appended > 0)
            {
                _ = result.NextExpectedVersion == 1 ? raised++ : reRaised++;
            }
        }

        foreach (var gone in open.Values.Where(a => !conditions.ContainsKey(a.DedupeKey)))
        {
            var id = new AlertId(gone.AlertId);
            var result = await commands.HandleAsync(AlertStreams.Alert, AlertStreams.For(id),
                s => ResolveAlert.Decide(s, new ResolveAlert(id, AlertResolution.ConditionCleared, null, date, Evaluator, now)),
                Context(gone.TrustId is null ? null : new TrustId(gone.TrustId), gone.SchoolUrn is null ? null : new SchoolUrn(gone.SchoolUrn), date,
                    "resolve-alert"), ct);
            resolved += result.Appended > 0 ? 1 : 0;
        }

        return new EvaluationSummary(date, conditions.Count, raised, reRaised, resolved, conditions.Count - raised - reRaised);
    }

    internal static CommandContext Context(TrustId? trust, SchoolUrn? school, LocalDate? validDate, string command, ActorId? actor = null) =>
        new(new EventActor((actor ?? Evaluator).Value, actor is null ? "system" : "user"), new EventSource(SourceKind.System),
            new TenantRef(trust?.Value ?? "system", school?.Value), Guid.CreateVersion7(), null, validDate, command);
}
