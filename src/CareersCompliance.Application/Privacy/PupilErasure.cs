using System.Text.Json.Nodes;
using CareersCompliance.Application.Commands;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Privacy;
using CareersCompliance.EventStore;
using NodaTime;
using Npgsql;

namespace CareersCompliance.Application.Privacy;

/// <summary>Who asked for a data-protection action, for the events' envelope and the "requested by" fields.</summary>
public sealed record PrivacyRequest(string User, string Role = "dpo", SourceKind Source = SourceKind.System);

/// <summary>What an erasure did; holds no personal data, so it can be printed and logged.</summary>
public sealed record ErasureOutcome(PupilId PupilId, bool AlreadyErased, int TextsRedacted);

/// <summary>
/// Erasure, rectification and redaction (eventmodel/decisions/0030). The register loses the personal details, the
/// ledger gains events that hold none, and the verifier keeps passing.
/// </summary>
public sealed class PupilErasure(CareersRuntime runtime, UpnHasher hasher)
{
    public const string Redacted = "[redacted]";

    /// <summary>Erases the pupil with this UPN; an erased UPN is recognised by its keyed hash and reported as already erased.</summary>
    public async Task<ErasureOutcome> EraseAsync(string upn, ErasureReason reason, string legalBasis, PrivacyRequest by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(upn);
        if (await ErasedIdOfAsync(upn.Trim(), ct) is { } erased)
        {
            return new ErasureOutcome(erased, AlreadyErased: true, 0);
        }

        var id = await runtime.Pupils.FindOneAsync(upn.Trim(), ct)
            ?? throw new DomainRuleViolation("unknown-pupil", "No pupil with that UPN is in the register.");
        return await EraseAsync(id, reason, legalBasis, by, ct);
    }

    /// <summary>Erases one pupil by id: typed free text on their events is redacted, the erasure recorded, then the register emptied.</summary>
    public async Task<ErasureOutcome> EraseAsync(PupilId pupil, ErasureReason reason, string legalBasis, PrivacyRequest by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(by);
        var details = (await runtime.Pupils.GetAsync([pupil], ct)).GetValueOrDefault(pupil);
        if (details is { Erased: true })
        {
            return new ErasureOutcome(pupil, AlreadyErased: true, 0);
        }

        // Why catch up first: redaction needs sealed events, and the audit index tells which events name this pupil.
        await runtime.CatchUpAsync(ct);
        var redacted = 0;
        foreach (var eventId in await TypedReasonsOfAsync(pupil, ct))
        {
            redacted += await RedactAsync(eventId, pupil, ["reason"], reason, by, ct) ? 1 : 0;
        }

        var now = runtime.Clock.GetCurrentInstant();
        var stream = Streams.PupilId(pupil);
        await runtime.Commands.HandleAsync(PrivacyStreams.Pupil, stream,
            s => ErasePupil.Decide(s, new ErasePupil(pupil, reason, legalBasis, new ActorId(by.User), now)),
            await ContextAsync(stream, by, "erase-pupil", ct), ct);

        await using var cmd = runtime.App.CreateCommand(
            """
            UPDATE pii.pupils
               SET upn_hmac = coalesce($2, upn_hmac), upn = NULL, forename = NULL, surname = NULL, date_of_birth = NULL,
                   erased_at = coalesce(erased_at, now()), updated_at = now()
             WHERE pupil_id = $1
            """);
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = pupil.Value });
        cmd.Parameters.Add(new NpgsqlParameter { Value = details?.Upn is { } u ? hasher.Hash(u) : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bytea });
        await cmd.ExecuteNonQueryAsync(ct);
        return new ErasureOutcome(pupil, AlreadyErased: false, redacted);
    }

    /// <summary>The id of the erased pupil whose UPN this was, or null.</summary>
    public async Task<PupilId?> ErasedIdOfAsync(string upn, CancellationToken ct)
    {
        await using var cmd = runtime.App.CreateCommand("SELECT pupil_id FROM pii.pupils WHERE upn_hmac = $1");
        cmd.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = hasher.Hash(upn) });
        return await cmd.ExecuteScalarAsync(ct) is Guid g ? new PupilId(g) : null;
    }

    /// <summary>Rectifies names or date of birth in the register; the event names which fields changed, not their values.</summary>
    public async Task<IReadOnlyList<PersonalField>> RectifyAsync(string upn, string? forename, string? surname, LocalDate? dateOfBirth,
        PrivacyRequest by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(by);
        var id = await runtime.Pupils.FindOneAsync(upn, ct) ?? throw new DomainRuleViolation("unknown-pupil", "No pupil with that UPN is in the register.");
        var current = (await runtime.Pupils.GetAsync([id], ct))[id];
        var changed = new List<PersonalField>();
        if (forename is not null && !string.Equals(forename, current.Forename, StringComparison.Ordinal))
        {
            changed.Add(PersonalField.Forename);
        }

        if (surname is not null && !string.Equals(surname, current.Surname, StringComparison.Ordinal))
        {
            changed.Add(PersonalField.Surname);
        }

        if (dateOfBirth is not null && dateOfBirth != current.DateOfBirth)
        {
            changed.Add(PersonalField.DateOfBirth);
        }

        if (changed.Count == 0)
        {
            return [];
        }

        var stream = Streams.PupilId(id);
        var now = runtime.Clock.GetCurrentInstant();
        await runtime.Commands.HandleAsync(PrivacyStreams.Pupil, stream,
            s => RectifyPupilDetails.Decide(s, new RectifyPupilDetails(id, changed, new ActorId(by.User), now)),
            await ContextAsync(stream, by, "rectify-pupil-details", ct), ct);
        await using var cmd = runtime.App.CreateCommand(
            """
            UPDATE pii.pupils SET forename = coalesce($2, forename), surname = coalesce($3, surname),
                   date_of_birth = coalesce($4, date_of_birth), updated_at = now()
             WHERE pupil_id = $1 AND erased_at IS NULL
            """);
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id.Value });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)forename ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)surname ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)dateOfBirth?.ToDateOnly() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Date });
        await cmd.ExecuteNonQueryAsync(ct);
        return changed;
    }

    /// <summary>
    /// Replaces string fields (JSON paths such as <c>reason</c> or <c>details.title</c>) of a sealed event with "[redacted]",
    /// keeping the sealed payload hash in es.redactions, and records <c>event_text_redacted</c>. False when nothing was left to redact.
    /// </summary>
    public async Task<bool> RedactAsync(Guid eventId, PupilId? pupil, IReadOnlyList<string> fields, ErasureReason reason, PrivacyRequest by,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(by);
        await runtime.Sealer.SealCommittedAsync(TimeSpan.FromSeconds(60), ct);
        var changed = await RedactStoredAsync(eventId, fields, reason, by, ct);
        var now = runtime.Clock.GetCurrentInstant();
        var result = await runtime.Commands.HandleAsync(PrivacyStreams.Redaction, PrivacyStreams.RedactionOf(eventId),
            s => RedactEventText.Decide(s, new RedactEventText(eventId, pupil, fields, reason, new ActorId(by.User), now)),
            new CommandContext(new EventActor(by.User, by.Role), new EventSource(by.Source), new TenantRef("*"), Guid.CreateVersion7(),
                Command: "redact-event-text"), ct);
        return changed || result.Appended > 0;
    }

    private async Task<bool> RedactStoredAsync(Guid eventId, IReadOnlyList<string> fields, ErasureReason reason, PrivacyRequest by, CancellationToken ct)
    {
        await using var connection = await runtime.Owner.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        long seq;
        string data;
        byte[] sealedHash;
        await using (var read = new NpgsqlCommand(
                         """
                         SELECT e.seq_id, e.data::text, l.payload_hash FROM es.events e JOIN es.ledger l ON l.seq_id = e.seq_id
                          WHERE e.event_id = $1 FOR UPDATE OF e
                         """, connection, tx))
        {
            read.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = eventId });
            await using var reader = await read.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                throw new DomainRuleViolation("event-not-found", $"No sealed event {eventId} exists.");
            }

            (seq, data, sealedHash) = (reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2));
        }

        var (json, redactedPaths) = RedactJson(eventId, data, fields);
        if (redactedPaths.Count == 0)
        {
            return false;
        }

        await RecordAndReplaceAsync(connection, tx, eventId, seq, sealedHash, json, redactedPaths, reason, by, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private static (string Json, List<string> Paths) RedactJson(Guid eventId, string data, IReadOnlyList<string> fields)
    {
        var json = JsonNode.Parse(data)!.AsObject();
        var redactedPaths = new List<string>();
        foreach (var path in fields)
        {
            if (Locate(json, path) is { } slot && slot.Parent[slot.Name] is JsonValue v && v.TryGetValue<string>(out var text) &&
                !string.Equals(text, Redacted, StringComparison.Ordinal))
            {
                slot.Parent[slot.Name] = Redacted;
                redactedPaths.Add(path);
            }
            else if (Locate(json, path) is null)
            {
                throw new DomainRuleViolation("no-such-field", $"Event {eventId} has no text field '{path}'.");
            }
        }

        return (json.ToJsonString(), redactedPaths);
    }

    private static async Task RecordAndReplaceAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid eventId, long seq, byte[] sealedHash,
        string json, List<string> redactedPaths, ErasureReason reason, PrivacyRequest by, CancellationToken ct)
    {
        await using (var record = new NpgsqlCommand(
                         """
                         INSERT INTO es.redactions (event_id, seq_id, original_payload_hash, fields, reason, actor)
                         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING;
                         """, connection, tx))
        {
            record.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = eventId });
            record.Parameters.Add(new NpgsqlParameter<long> { TypedValue = seq });
            record.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = sealedHash });
            record.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. redactedPaths] });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reason.ToString() });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = by.User });
            await record.ExecuteNonQueryAsync(ct);
        }

        var reasonRedacted = redactedPaths.Contains("reason", StringComparer.Ordinal);
        var titleRedacted = redactedPaths.Contains("details.title", StringComparer.Ordinal);
        // Why a batch: positional parameters allow one statement per command; the batch still runs in this transaction.
        await using var batch = new NpgsqlBatch(connection, tx);
        batch.BatchCommands.Add(Statement("SELECT set_config('es.redacting_event', $1::text, true)", eventId));
        batch.BatchCommands.Add(Statement("UPDATE es.events SET data = $2::jsonb WHERE event_id = $1", eventId, json));
        batch.BatchCommands.Add(Statement(
            """
            UPDATE rm.audit_index SET reason = CASE WHEN $2 AND reason IS NOT NULL THEN '[redacted]' ELSE reason END,
                   summary = CASE WHEN $3 AND strpos(summary, ': ') > 0 THEN split_part(summary, ': ', 1) || ': [redacted]' ELSE summary END
             WHERE event_id = $1
            """, eventId, reasonRedacted, titleRedacted));
        batch.BatchCommands.Add(Statement(
            """
            UPDATE rm.timeline_activity SET reason = CASE WHEN $2 AND reason IS NOT NULL THEN '[redacted]' ELSE reason END,
                   title = CASE WHEN $3 THEN '[redacted]' ELSE title END
             WHERE event_id = $1
            """, eventId, reasonRedacted, titleRedacted));
        batch.BatchCommands.Add(Statement(
            "UPDATE rm.timeline_attendance SET reason = CASE WHEN $2 AND reason IS NOT NULL THEN '[redacted]' ELSE reason END WHERE event_id = $1",
            eventId, reasonRedacted));
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlBatchCommand Statement(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var v in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = v });
        }

        return command;
    }

    private static (JsonObject Parent, string Name)? Locate(JsonObject root, string path)
    {
        var parts = path.Split('.');
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (node[parts[i]] is not JsonObject child)
            {
                return null;
            }

            node = child;
        }

        return node.ContainsKey(parts[^1]) ? (node, parts[^1]) : null;
    }

    /// <summary>Events about this pupil carrying a reason a person typed (imports write fixed wording with the file and line).</summary>
    private async Task<List<Guid>> TypedReasonsOfAsync(PupilId pupil, CancellationToken ct)
    {
        await using var cmd = runtime.App.CreateCommand(
            "SELECT event_id FROM rm.audit_index WHERE pupil_id = $1 AND reason IS NOT NULL AND reason <> '[redacted]' AND source_kind <> 'import'");
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = pupil.Value });
        var ids = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private async Task<CommandContext> ContextAsync(StreamId stream, PrivacyRequest by, string command, CancellationToken ct)
    {
        // Why the stream's own tenant: a pupil's facts stay in their trust's chain.
        var history = await runtime.Store.ReadStreamAsync(stream, null, ct);
        var tenant = history.Events.Count > 0 ? history.Events[^1].Metadata.Tenant : new TenantRef("*");
        return new CommandContext(new EventActor(by.User, by.Role), new EventSource(by.Source), tenant, Guid.CreateVersion7(), Command: command);
    }
}
