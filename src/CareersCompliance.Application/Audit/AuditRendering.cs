using System.Globalization;
using System.Text.Json.Nodes;
using CareersCompliance.Application.Import;

namespace CareersCompliance.Application.Audit;

/// <summary>
/// Renders the audit trail and the timelines as a table for people, JSON for tools and CSV for spreadsheets (every
/// field neutralised against formula injection). Pupils appear by UPN or "[erased]", never by name.
/// </summary>
public static class AuditRendering
{
    private static readonly string[] AuditColumns =
    [
        "position", "recorded_at", "event_type", "stream_type", "stream_id", "stream_version", "valid_date", "actor_user", "actor_role",
        "source_kind", "import_file", "import_sha256", "import_line", "trust_id", "school_urn", "pupil", "activity_id", "command", "summary",
        "corrects", "reason", "correlation_id", "causation_id", "event_id",
    ];

    public static JsonObject AuditJson(AuditPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new JsonObject
        {
            ["entries"] = new JsonArray([.. page.Entries.Select(e => (JsonNode)new JsonObject
            {
                ["position"] = e.Position,
                ["eventId"] = e.EventId,
                ["eventType"] = e.EventType,
                ["stream"] = new JsonObject { ["type"] = e.StreamType, ["id"] = e.StreamId, ["version"] = e.StreamVersion },
                ["recordedAt"] = Text.Instant(e.RecordedAt),
                ["validDate"] = e.ValidDate is { } d ? Text.Date(d) : null,
                ["validAt"] = e.ValidAt is { } a ? Text.Instant(a) : null,
                ["actor"] = new JsonObject { ["user"] = e.ActorUser, ["role"] = e.ActorRole },
                ["source"] = new JsonObject { ["kind"] = e.SourceKind, ["file"] = e.ImportFile, ["sha256"] = e.ImportSha256, ["line"] = e.ImportLine },
                ["trust"] = e.TrustId,
                ["school"] = e.SchoolUrn,
                ["pupil"] = e.Pupil,
                ["activity"] = e.ActivityId,
                ["command"] = e.Command,
                ["summary"] = e.Summary,
                ["corrects"] = e.Corrects,
                ["reason"] = e.Reason,
                ["correlationId"] = e.CorrelationId,
                ["causationId"] = e.CausationId,
            })]),
            ["next"] = page.NextAfter,
        };
    }

    public static void AuditCsv(TextWriter writer, AuditPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        CsvText.WriteRow(writer, AuditColumns);
        foreach (var e in page.Entries)
        {
            CsvText.WriteRow(writer, Num(e.Position), Text.Instant(e.RecordedAt), e.EventType, e.StreamType, e.StreamId.ToString(), Num(e.StreamVersion),
                e.ValidDate is { } d ? Text.Date(d) : null, e.ActorUser, e.ActorRole, e.SourceKind, e.ImportFile, e.ImportSha256,
                e.ImportLine is { } l ? Num(l) : null, e.TrustId, e.SchoolUrn, e.Pupil, e.ActivityId, e.Command, e.Summary, e.Corrects, e.Reason,
                e.CorrelationId.ToString(), e.CausationId?.ToString(), e.EventId.ToString());
        }
    }

    public static void AuditTable(TextWriter writer, AuditPage page)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(page);
        var rows = page.Entries.Select(e => new[]
        {
            Num(e.Position), Text.Instant(e.RecordedAt), e.EventType, $"{e.ActorUser} ({e.ActorRole})", e.Source, e.SchoolUrn ?? "", e.Pupil ?? "",
            e.ActivityId ?? "", What(e),
        }).ToList();
        WriteTable(writer, ["POS", "RECORDED", "TYPE", "WHO", "FROM", "SCHOOL", "PUPIL", "ACTIVITY", "WHAT"], rows);
        writer.WriteLine(page.NextAfter is { } next
            ? $"{page.Entries.Count} row(s); more: --after {Num(next)}"
            : $"{page.Entries.Count} row(s)");
    }

    private static string What(AuditEntry e)
    {
        var what = e.Summary ?? e.Command ?? "";
        if (e.Corrects is { } c)
        {
            what += $" [corrects {c}";
            what += e.Reason is { } r ? $": {r}]" : "]";
        }

        return what;
    }

    public static JsonObject TimelineJson(Timeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return new JsonObject
        {
            [timeline.Subject] = timeline.Id,
            ["from"] = timeline.From is { } f ? Text.Date(f) : null,
            ["to"] = timeline.To is { } t ? Text.Date(t) : null,
            ["knownAt"] = timeline.KnownAt is { } k ? Text.Instant(k) : null,
            ["entries"] = new JsonArray([.. timeline.Entries.Select(e => (JsonNode)EntryJson(e))]),
        };
    }

    private static JsonObject EntryJson(TimelineEntry e)
    {
        var node = new JsonObject
        {
            ["date"] = Text.Date(e.Facts.Date),
            ["activity"] = e.ActivityId,
            ["school"] = e.Facts.SchoolUrn,
            ["kind"] = e.Facts.Kind,
            ["title"] = e.Facts.Title,
            ["start"] = Text.Time(e.Facts.StartTime),
            ["end"] = Text.Time(e.Facts.EndTime),
            ["deliveryMode"] = e.Facts.DeliveryMode,
            ["providers"] = new JsonArray([.. e.Facts.ProviderIds.Select(p => (JsonNode)JsonValue.Create(p))]),
            ["adviser"] = e.Facts.AdviserId,
            ["yearGroups"] = new JsonArray([.. e.Facts.YearGroups.Select(y => (JsonNode)JsonValue.Create(y))]),
            ["checklist"] = new JsonArray([.. e.Facts.Checklist.Select(c => (JsonNode)JsonValue.Create(c))]),
            ["retracted"] = e.Retracted,
            ["recorded"] = RecordJson(e.Recorded),
            ["amendments"] = new JsonArray([.. e.Amendments.Select(a => (JsonNode)RecordJson(a))]),
        };
        if (e.Attendance is { } att)
        {
            node["attendance"] = new JsonObject
            {
                ["status"] = att.Status,
                ["recorded"] = RecordJson(att.Recorded),
                ["amendments"] = new JsonArray([.. att.Amendments.Select(a => (JsonNode)RecordJson(a))]),
            };
        }

        if (e.Counts is { } c)
        {
            node["attended"] = c.Attended;
            node["absent"] = c.Absent;
        }

        return node;
    }

    private static JsonObject RecordJson(TimelineRecord r) => new()
    {
        ["event"] = r.EventType,
        ["position"] = r.Position,
        ["recordedAt"] = Text.Instant(r.RecordedAt),
        ["by"] = r.ActorUser,
        ["role"] = r.ActorRole,
        ["source"] = r.SourceKind,
        ["file"] = r.ImportFile,
        ["line"] = r.ImportLine,
        ["reason"] = r.Reason,
        ["changes"] = new JsonArray([.. r.Changes.Select(c => (JsonNode)new JsonObject { ["field"] = c.Field, ["old"] = c.Old, ["new"] = c.New })]),
    };

    /// <summary>CSV: one line per recorded event (the activity, then its amendments and the pupil's attendance records).</summary>
    public static void TimelineCsv(TextWriter writer, Timeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        CsvText.WriteRow(writer, "date", "activity", "school", "kind", "title", "delivery_mode", "providers", "adviser", "checklist", "retracted",
            "attendance", "attended_count", "absent_count", "event", "recorded_at", "recorded_by", "source", "file", "line", "reason", "changes");
        foreach (var e in timeline.Entries)
        {
            var records = e.Amendments.Prepend(e.Recorded)
                .Concat(e.Attendance is { } a ? a.Amendments.Prepend(a.Recorded) : []);
            foreach (var r in records)
            {
                CsvText.WriteRow(writer, Text.Date(e.Facts.Date), e.ActivityId, e.Facts.SchoolUrn, e.Facts.Kind, e.Facts.Title, e.Facts.DeliveryMode,
                    string.Join(';', e.Facts.ProviderIds), e.Facts.AdviserId, string.Join(';', e.Facts.Checklist), e.Retracted ? "true" : "false",
                    e.Attendance?.Status, e.Counts is { } c1 ? Num(c1.Attended) : null, e.Counts is { } c2 ? Num(c2.Absent) : null, r.EventType,
                    Text.Instant(r.RecordedAt), r.ActorUser, r.SourceKind, r.ImportFile, r.ImportLine is { } l ? Num(l) : null, r.Reason, Changes(r));
            }
        }
    }

    public static void TimelineTable(TextWriter writer, Timeline timeline)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(timeline);
        writer.WriteLine($"Evidence timeline for {timeline.Subject} {timeline.Id}" +
            (timeline.KnownAt is { } k ? $", as recorded at {Text.Instant(k)}" : ""));
        foreach (var e in timeline.Entries)
        {
            var f = e.Facts;
            var with = f.ProviderIds.Count > 0 ? $" with {string.Join(", ", f.ProviderIds)}" : f.AdviserId is { } adv ? $" with adviser {adv}" : "";
            var status = e.Attendance is { } att ? $" [{att.Status}]" : e.Counts is { } c ? $" [{c.Attended} attended, {c.Absent} absent]" : "";
            writer.WriteLine($"{Text.Date(f.Date)} {e.ActivityId} {f.Kind} ({f.DeliveryMode}) \"{f.Title}\"{with}{status}{(e.Retracted ? " RETRACTED" : "")}");
            if (f.Checklist.Count > 0)
            {
                writer.WriteLine($"    checklist: {string.Join(", ", f.Checklist)}");
            }

            writer.WriteLine($"    recorded {Line(e.Recorded)}");
            foreach (var a in e.Amendments)
            {
                writer.WriteLine($"    {Verb(a.EventType)} {Line(a)}");
            }

            if (e.Attendance is { } at)
            {
                writer.WriteLine($"    attendance recorded {Line(at.Recorded)}");
                foreach (var a in at.Amendments)
                {
                    writer.WriteLine($"    {Verb(a.EventType)} {Line(a)}");
                }
            }
        }

        writer.WriteLine($"{timeline.Entries.Count} activit{(timeline.Entries.Count == 1 ? "y" : "ies")}");
    }

    private static string Verb(string eventType) => eventType switch
    {
        "activity_details_corrected" => "corrected",
        "activity_retracted" => "retracted",
        "attendance_corrected" => "attendance corrected",
        "attendance_withdrawn" => "attendance withdrawn",
        "attendance_recorded" => "attendance re-recorded",
        _ => eventType,
    };

    private static string Line(TimelineRecord r)
    {
        var text = $"{Text.Instant(r.RecordedAt)} by {r.ActorUser} from {r.Source}";
        if (r.Reason is { } reason)
        {
            text += $": {reason}";
        }

        return r.Changes.Count > 0 ? $"{text} ({Changes(r)})" : text;
    }

    private static string Changes(TimelineRecord r) => string.Join("; ", r.Changes.Select(c => $"{c.Field}: {c.Old ?? "-"} → {c.New ?? "-"}"));

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void WriteTable(TextWriter writer, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Min(60, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max() is var m && m > h.Length ? m : h.Length))
            .ToArray();
        void Row(string[] cells) =>
            writer.WriteLine(string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : Cut(c, widths[i]).PadRight(widths[i]))).TrimEnd());
        Row(header);
        foreach (var r in rows)
        {
            Row(r);
        }
    }

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
