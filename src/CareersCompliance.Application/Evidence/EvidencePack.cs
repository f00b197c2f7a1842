using System.Globalization;
using System.Text;
using CareersCompliance.Application.Audit;
using CareersCompliance.Application.Import;
using NodaTime;
using NodaTime.Text;
using Npgsql;

namespace CareersCompliance.Application.Evidence;

/// <summary>A signed checkpoint of the ledger as the export names it.</summary>
public sealed record CheckpointInfo(long Position, string ChainHash, Instant SignedAt, string KeyId);

/// <summary>One recorded event of one piece of evidence, with where it sits in the ledger and the checkpoint that covers it.</summary>
public sealed record EvidenceRow(
    LocalDate Date, string ActivityId, string Kind, string Title, string Register, bool Retracted, string Event, Instant RecordedAt,
    string RecordedBy, string Source, long Position, CheckpointInfo? CoveredBy, string? Reason, string? Changes)
{
    /// <summary>The one pupil of a guidance meeting, as the reader may see them (a pseudonym for inspectors by default).</summary>
    public string? Pupil { get; init; }
}

/// <summary>
/// An inspector's evidence pack: one school's evidence in a period, in date order, each recorded event with who, when,
/// from what source, its corrections, its ledger position and the signed checkpoint covering it ("not yet covered"
/// when the latest checkpoint is older), plus the ledger head it was produced against.
/// </summary>
public sealed record EvidencePack(
    string SchoolUrn, string SchoolName, LocalDate From, LocalDate To, Instant ProducedAt, string ProducedBy, LedgerAnchor Anchor,
    CheckpointInfo? LatestCheckpoint, IReadOnlyList<EvidenceRow> Rows)
{
    private static readonly string[] Columns =
    [
        "date", "activity", "kind", "title", "register", "pupil", "retracted", "event", "recorded_at", "recorded_by", "source", "ledger_position",
        "covered_by_checkpoint", "reason", "changes",
    ];

    /// <summary>
    /// Builds the pack from the evidence timeline projection and the ledger's head and signed checkpoints;
    /// <paramref name="labelPupils"/> says how the reader may see the pupils of guidance meetings (UPN, or initials and code).
    /// </summary>
    public static async Task<EvidencePack> BuildAsync(
        NpgsqlDataSource dataSource, string urn, string schoolName, LocalDate from, LocalDate to, string producedBy, Instant now,
        Func<IReadOnlyCollection<Guid>, Task<IReadOnlyDictionary<Guid, string>>> labelPupils, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(labelPupils);
        ArgumentNullException.ThrowIfNull(dataSource);
        var timeline = await new EvidenceTimeline(dataSource).ForSchoolAsync(urn, new TimelineQuery(from, to), ct);

        // Why read the head after the timeline: every position in the rows is then at or below the head named.
        var (headPosition, headHash) = await HeadAsync(dataSource, ct);
        var checkpoints = await CheckpointsAsync(dataSource, ct);
        var latest = checkpoints.Count > 0 ? checkpoints[^1] : null;
        var meetings = await GuidancePupilsAsync(dataSource, [.. timeline.Entries.Where(e => string.Equals(e.Facts.Kind, "guidance_meeting", StringComparison.Ordinal)).Select(e => e.ActivityId)], ct);
        var labels = meetings.Count == 0 ? new Dictionary<Guid, string>() : await labelPupils([.. meetings.Values.Distinct()]);
        var rows = new List<EvidenceRow>();
        foreach (var e in timeline.Entries)
        {
            var pupil = meetings.TryGetValue(e.ActivityId, out var id) ? labels.GetValueOrDefault(id) : null;
            var register = e.Counts is { } c ? $"{c.Attended} attended, {c.Absent} absent" : "";
            foreach (var r in e.Amendments.Prepend(e.Recorded))
            {
                rows.Add(new EvidenceRow(e.Facts.Date, e.ActivityId, e.Facts.Kind, e.Facts.Title, register, e.Retracted, r.EventType, r.RecordedAt,
                    $"{r.ActorUser} ({r.ActorRole})", r.Source, r.Position, checkpoints.FirstOrDefault(cp => cp.Position >= r.Position), r.Reason,
                    r.Changes.Count == 0 ? null : string.Join("; ", r.Changes.Select(ch => $"{ch.Field}: {ch.Old} → {ch.New}")))
                { Pupil = pupil });
            }
        }

        var anchor = new LedgerAnchor(headPosition, headHash, latest?.Position, latest?.ChainHash);
        return new EvidencePack(urn, schoolName, from, to, now, producedBy, anchor, latest, rows) { GuidancePupils = [.. meetings.Values.Distinct()] };
    }

    /// <summary>The pupils named on the pack (guidance meetings): what the access log records when it is viewed or downloaded.</summary>
    public IReadOnlyList<Guid> GuidancePupils { get; init; } = [];

    public static string Covered(CheckpointInfo? checkpoint) =>
        checkpoint is null ? "not yet covered" : $"checkpoint {checkpoint.Position.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The pack as CSV: header lines (#), one row per recorded event, and the seal as the last line.</summary>
    public byte[] ToCsv()
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        foreach (var line in HeaderLines())
        {
            writer.WriteLine("# " + line);
        }

        CsvText.WriteRow(writer, Columns);
        foreach (var r in Rows)
        {
            CsvText.WriteRow(writer, LocalDatePattern.Iso.Format(r.Date), r.ActivityId, r.Kind, r.Title, r.Register, r.Pupil, r.Retracted ? "true" : "false", r.Event,
                InstantPattern.ExtendedIso.Format(r.RecordedAt), r.RecordedBy, r.Source, r.Position.ToString(CultureInfo.InvariantCulture), Covered(r.CoveredBy),
                r.Reason, r.Changes);
        }

        return ExportSeal.Seal(new UTF8Encoding(false).GetBytes(writer.ToString()), '#', Anchor);
    }

    /// <summary>The pack as a tagged PDF with every CSV column wrapped in its cell, and the seal as a trailing PDF comment.</summary>
    public byte[] ToPdf() => ExportSeal.Seal(EvidencePdf.Render(this), '%', Anchor);

    internal IEnumerable<string> HeaderLines()
    {
        var inv = CultureInfo.InvariantCulture;
        yield return $"Evidence timeline: {SchoolName} (URN {SchoolUrn})";
        yield return $"Period {LocalDatePattern.Iso.Format(From)} to {LocalDatePattern.Iso.Format(To)}; produced {InstantPattern.ExtendedIso.Format(ProducedAt)} for {ProducedBy}; {Rows.Count.ToString(inv)} recorded events.";
        yield return $"Produced against ledger position {Anchor.HeadPosition.ToString(inv)} (chain {Anchor.HeadChainHash[..16]}...).";
        yield return LatestCheckpoint is { } cp
            ? $"Latest signed checkpoint: position {cp.Position.ToString(inv)}, signed {InstantPattern.ExtendedIso.Format(cp.SignedAt)} by key {cp.KeyId}; events after it are not yet covered."
            : "No signed checkpoint yet: every event is not yet covered.";
        yield return "Check this file: careers verify --export FILE (the SHA-256 of everything before the last line is in the last line).";
    }

    // Why the latest row per activity: a guidance meeting has one attendee, possibly corrected; the timeline folds the rest.
    private static async Task<IReadOnlyDictionary<string, Guid>> GuidancePupilsAsync(NpgsqlDataSource dataSource, string[] activityIds, CancellationToken ct)
    {
        var result = new Dictionary<string, Guid>(StringComparer.Ordinal);
        if (activityIds.Length == 0)
        {
            return result;
        }

        await using var cmd = dataSource.CreateCommand(
            "SELECT activity_id, pupil_id FROM rm.timeline_attendance WHERE activity_id = ANY($1) AND attended IS NOT NULL ORDER BY position");
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = activityIds });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetString(0)] = reader.GetGuid(1);
        }

        return result;
    }

    private static async Task<(long Position, string Hash)> HeadAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT position, chain_hash FROM es.ledger_head WHERE id = 1");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), Convert.ToHexStringLower((byte[])reader.GetValue(1))) : (0, new string('0', 64));
    }

    private static async Task<IReadOnlyList<CheckpointInfo>> CheckpointsAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT position, chain_hash, signed_at, key_id FROM es.ledger_checkpoints ORDER BY position");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var result = new List<CheckpointInfo>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(new CheckpointInfo(reader.GetInt64(0), Convert.ToHexStringLower((byte[])reader.GetValue(1)),
                Instant.FromDateTimeUtc(reader.GetDateTime(2)), reader.GetString(3)));
        }

        return result;
    }
}
