using CareersCompliance.Domain.Alerts;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.ComplianceCases;
using CareersCompliance.Domain.Referrals;
using CareersCompliance.EventStore;
using CareersCompliance.EventStore.Projections;
using CareersCompliance.EventStore.Verification;
using NodaTime;
using Npgsql;

namespace CareersCompliance.Application.Alerts;

/// <summary>What the evaluator reads besides the reports: trusts, their settings, referrals, Ladder cases, operations health.</summary>
public sealed class AlertSources(CareersRuntime runtime)
{
    /// <summary>Every trust any school ever joined (as sealed: the ledger's event-type index finds the joins).</summary>
    public async Task<IReadOnlyList<TrustId>> TrustsAsync(CancellationToken ct)
    {
        await using var command = runtime.App.CreateCommand("""
            SELECT DISTINCT e.data->>'trustId' FROM es.ledger l JOIN es.events e ON e.seq_id = l.seq_id
            WHERE l.event_type = 'school_joined_trust' ORDER BY 1
            """);
        var result = new List<TrustId>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new TrustId(reader.GetString(0)));
        }

        return result;
    }

    /// <summary>The trust's alert settings (alerts.trust_settings), or the defaults.</summary>
    public async Task<AlertSettings> SettingsAsync(TrustId trust, CancellationToken ct)
    {
        await using var command = runtime.App.CreateCommand(
            "SELECT horizon_days, referral_triage_days, referral_seen_days FROM alerts.trust_settings WHERE trust_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = trust.Value });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? AlertSettings.Default with { HorizonDays = reader.GetInt32(0), ReferralTriageDays = reader.GetInt32(1), ReferralSeenDays = reader.GetInt32(2) }
            : AlertSettings.Default;
    }

    /// <summary>Sets a trust's horizon and referral service levels (null keeps the current value).</summary>
    public async Task SetSettingsAsync(TrustId trust, int? horizonDays, int? triageDays, int? seenDays, CancellationToken ct)
    {
        await using var command = runtime.App.CreateCommand("""
            INSERT INTO alerts.trust_settings AS t (trust_id, horizon_days, referral_triage_days, referral_seen_days)
            VALUES ($1, coalesce($2, 60), coalesce($3, 5), coalesce($4, 20))
            ON CONFLICT (trust_id) DO UPDATE SET horizon_days = coalesce($2, t.horizon_days),
                referral_triage_days = coalesce($3, t.referral_triage_days), referral_seen_days = coalesce($4, t.referral_seen_days)
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = trust.Value });
        foreach (var value in new[] { horizonDays, triageDays, seenDays })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<ReferralProgress>> ReferralsAsync(CancellationToken ct)
    {
        var result = new List<ReferralProgress>();
        foreach (var id in await StreamsOfTypeAsync("referral", ct))
        {
            var slice = await runtime.Store.ReadStreamAsync(new StreamId("referral", id), null, ct);
            if (ReferralProgress.Fold(slice.Events.Select(e => e.Data).OfType<ReferralEvent>()) is { } progress)
            {
                result.Add(progress);
            }
        }

        return result;
    }

    /// <summary>
    /// The referrals raised at one school, each folded from its stream. The audit index finds them (its event-type index,
    /// then the school), so a school's to-do list reads only its own referrals, never every stream of the type.
    /// </summary>
    public async Task<IReadOnlyList<ReferralProgress>> ReferralsAtSchoolAsync(SchoolUrn school, CancellationToken ct)
    {
        var ids = new List<Guid>();
        await using (var command = runtime.App.CreateCommand(
            "SELECT stream_id FROM rm.audit_index WHERE event_type = 'referral_raised' AND school_urn = $1 ORDER BY position"))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = school.Value });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        var result = new List<ReferralProgress>();
        foreach (var id in ids)
        {
            var slice = await runtime.Store.ReadStreamAsync(new StreamId("referral", id), null, ct);
            if (ReferralProgress.Fold(slice.Events.Select(e => e.Data).OfType<ReferralEvent>()) is { } progress && progress.SchoolUrn == school)
            {
                result.Add(progress);
            }
        }

        return result;
    }

    public async Task<IReadOnlyList<ComplianceCase>> ComplianceCasesAsync(CancellationToken ct)
    {
        var result = new List<ComplianceCase>();
        foreach (var id in await StreamsOfTypeAsync("compliance-case", ct))
        {
            var slice = await runtime.Store.ReadStreamAsync(new StreamId("compliance-case", id), null, ct);
            result.Add(slice.Events.Select(e => e.Data).OfType<ComplianceCaseEvent>().Aggregate(ComplianceCase.Initial, ComplianceCase.Evolve));
        }

        return result;
    }

    /// <summary>Ledger verification (from the last signed checkpoint), paused projections, and the age of the oldest unsealed event.</summary>
    public async Task<OperationsHealth> HealthAsync(bool verifyLedger, CancellationToken ct)
    {
        bool? verified = null;
        VerificationFailure? failure = null;
        if (verifyLedger)
        {
            // Why the application's role when there is no owner login: verification only reads, and careers_app may read the ledger.
            var report = await new LedgerVerifier(runtime.HasOwner ? runtime.Owner : runtime.App).VerifyAsync(fromLastCheckpoint: true, ct);
            (verified, failure) = (report.Ok, report.Failure);
        }

        var paused = (await new ProjectionAdmin(runtime.App).GetStatusAsync(ct))
            .Where(p => string.Equals(p.Status, "paused", StringComparison.Ordinal))
            .Select(p => (p.Name, p.FailedPosition, p.PausedReason))
            .ToList();
        await using var command = runtime.App.CreateCommand("""
            SELECT now() - min(e.recorded_at) FROM es.events e, es.ledger_head h
            WHERE h.id = 1 AND e.log_epoch = h.log_epoch AND (e.tx_id, e.seq_id) > (h.last_tx, h.last_seq)
            """);
        var age = await command.ExecuteScalarAsync(ct) is TimeSpan t ? Duration.FromTimeSpan(t) : (Duration?)null;
        return new OperationsHealth(verified, failure?.Position, failure is null ? null : $"{failure.Kind}: {failure.Detail}", paused, age);
    }

    /// <summary>The streams of one type, from the stream registry's type index (never a scan of the events).</summary>
    private async Task<IReadOnlyList<Guid>> StreamsOfTypeAsync(string streamType, CancellationToken ct)
    {
        await using var command = runtime.App.CreateCommand("SELECT stream_id FROM es.streams WHERE stream_type = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamType });
        var result = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(reader.GetGuid(0));
        }

        return result;
    }
}
