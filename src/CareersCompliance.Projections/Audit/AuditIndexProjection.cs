using CareersCompliance.EventStore;
using CareersCompliance.EventStore.Projections;
using Npgsql;
using NpgsqlTypes;

namespace CareersCompliance.Projections.Audit;

/// <summary>
/// rm.audit_index: one row per ledger event with who recorded it, when, from where (file, SHA-256 and line, or ui/api),
/// its tenant, the pupil and activity it concerns, and for corrections what they correct and why.
/// Idempotent: rows are keyed by ledger position and never updated, so a replayed batch changes nothing.
/// </summary>
public sealed class AuditIndexProjection : IProjection
{
    public const string ProjectionName = "audit_index";

    public string Name => ProjectionName;

    public IReadOnlySet<string>? EventTypes => null;

    public IReadOnlyList<string> Tables { get; } = ["audit_index"];

    public async Task ApplyAsync(IReadOnlyList<EventEnvelope> events, ProjectionContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(context);
        if (events.Count == 0)
        {
            return;
        }

        var facts = events.Select(e => AuditFactsReader.Read(e.Data)).ToArray();
        var meta = events.Select(e => e.Metadata).ToArray();
        await using var cmd = context.CreateCommand(
            $"""
             INSERT INTO {context.Table("audit_index")} (position, event_id, event_type, stream_type, stream_id, stream_version, recorded_at,
                 valid_date, valid_at, actor_user, actor_role, source_kind, import_file, import_sha256, import_line, trust_id, school_urn,
                 pupil_id, activity_id, correlation_id, causation_id, command, reason, corrects, summary)
             SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::bigint[], $7::timestamptz[],
                 $8::date[], $9::timestamptz[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::bigint[], $16::text[],
                 $17::text[], $18::uuid[], $19::text[], $20::uuid[], $21::uuid[], $22::text[], $23::text[], $24::text[], $25::text[])
             ON CONFLICT (position) DO NOTHING
             """);
        var p = cmd.Parameters;
        p.Add(new NpgsqlParameter<long[]> { TypedValue = [.. events.Select(e => e.Position ?? throw Unsealed(e))] });
        p.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. events.Select(e => e.EventId)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.EventType)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. events.Select(e => e.Stream.Type)] });
        p.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. events.Select(e => e.Stream.Id)] });
        p.Add(new NpgsqlParameter<long[]> { TypedValue = [.. events.Select(e => e.Version)] });
        p.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. events.Select(e => e.RecordedAt.ToDateTimeUtc())] });
        p.Add(Nullable(NpgsqlDbType.Date, meta.Select(m => m.ValidDate?.ToDateOnly())));
        p.Add(Nullable(NpgsqlDbType.TimestampTz, meta.Select(m => m.ValidAt?.ToDateTimeUtc())));
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. meta.Select(m => m.Actor.UserId)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. meta.Select(m => m.Actor.Role)] });
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. meta.Select(m => SourceName(m.Source.Kind))] });
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. meta.Select(m => m.Source.ImportFile)] });
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. meta.Select(m => m.Source.ImportFileSha256)] });
        p.Add(Nullable(NpgsqlDbType.Bigint, meta.Select(m => m.Source.ImportLine)));
        p.Add(new NpgsqlParameter<string[]> { TypedValue = [.. meta.Select(m => m.Tenant.TrustId)] });
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. facts.Zip(meta, (f, m) => f.SchoolUrn ?? m.Tenant.SchoolId)] });
        p.Add(Nullable(NpgsqlDbType.Uuid, facts.Select(f => f.PupilId)));
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. facts.Select(f => f.ActivityId)] });
        p.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. meta.Select(m => m.CorrelationId)] });
        p.Add(Nullable(NpgsqlDbType.Uuid, meta.Select(m => m.CausationId)));
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. meta.Select(m => m.Command)] });
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. facts.Select(f => f.Reason)] });
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. facts.Select(f => f.Corrects)] });
        p.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. facts.Select(f => f.Summary)] });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The stored word for a source kind (ui, api, import, system).</summary>
    public static string SourceName(SourceKind kind) => kind switch
    {
        SourceKind.Ui => "ui",
        SourceKind.Api => "api",
        SourceKind.Import => "import",
        _ => "system",
    };

    /// <summary>An array parameter of a nullable value type, with NULL where the value is absent.</summary>
    internal static NpgsqlParameter Nullable<T>(NpgsqlDbType type, IEnumerable<T?> values)
        where T : struct =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | type, Value = values.Select(v => v is { } x ? (object)x : DBNull.Value).ToArray() };

    private static InvalidOperationException Unsealed(EventEnvelope e) =>
        new($"Event {e.EventId} has no ledger position; projections read only sealed events.");
}
