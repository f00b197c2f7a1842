using CareersCompliance.Application.Audit;

namespace CareersCompliance.Web.Pages.Audit;

/// <summary>
/// One row of the audit trail page: an event, or the events one command recorded for each pupil of an activity's register
/// (48 "attendance recorded" events read as one row "attendance of 48 pupils", the pupils listed on demand).
/// </summary>
public sealed record AuditRow(AuditEntry First, IReadOnlyList<AuditEntry> Entries)
{
    public bool IsRegister => Entries.Count > 1;

    public long LastPosition => Entries[^1].Position;

    /// <summary>
    /// "Correction", "Retraction", "Erasure" or "Redaction" for an event that changes what an earlier record says (the audit
    /// index names what it corrects); null for any other. Shown as words, not by colour alone.
    /// </summary>
    public string? CorrectionLabel => First.Corrects is null ? null
        : First.EventType.EndsWith("_retracted", StringComparison.Ordinal) || First.EventType.EndsWith("_withdrawn", StringComparison.Ordinal) ? "Retraction"
        : First.EventType.EndsWith("_erased", StringComparison.Ordinal) ? "Erasure"
        : First.EventType.EndsWith("_redacted", StringComparison.Ordinal) ? "Redaction"
        : "Correction";

    /// <summary>
    /// The audit search that shows the record a correction corrects: the activity's events (an activity or its attendance),
    /// or the pupil's (an admission date); null where the audit index holds no key to find it by.
    /// </summary>
    public string? CorrectedHref(string? school)
    {
        if (CorrectionLabel is null || school is null)
        {
            return null;
        }

        var at = "/audit?school=" + Uri.EscapeDataString(school);
        return First.ActivityId is { } activity ? $"{at}&activity={Uri.EscapeDataString(activity)}"
            : First.Pupil is { } upn && !IsRegister && string.Equals(First.EventType, "pupil_admission_date_corrected", StringComparison.Ordinal)
                ? $"{at}&upn={Uri.EscapeDataString(upn)}&eventType=pupil_enrolled"
            : null;
    }

    /// <summary>Groups consecutive entries of one event type for one activity made by one command (one correlation).</summary>
    public static IReadOnlyList<AuditRow> Group(IReadOnlyList<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var rows = new List<AuditRow>();
        var current = new List<AuditEntry>();
        foreach (var entry in entries)
        {
            if (current.Count > 0 && !SameRegister(current[0], entry))
            {
                rows.Add(new AuditRow(current[0], current));
                current = [];
            }

            current.Add(entry);
        }

        if (current.Count > 0)
        {
            rows.Add(new AuditRow(current[0], current));
        }

        return rows;
    }

    private static bool SameRegister(AuditEntry first, AuditEntry next) =>
        first.ActivityId is not null && first.Pupil is not null && next.Pupil is not null
        && string.Equals(first.ActivityId, next.ActivityId, StringComparison.Ordinal)
        && string.Equals(first.EventType, next.EventType, StringComparison.Ordinal)
        && first.CorrelationId == next.CorrelationId;
}
