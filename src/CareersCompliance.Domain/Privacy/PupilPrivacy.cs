using CareersCompliance.Domain.Common;
using NodaTime;
using static CareersCompliance.Domain.Privacy.PrivacyEvent;

namespace CareersCompliance.Domain.Privacy;

/// <summary>Decision state of the data-protection facts on a pupil's stream (the other pupil events are folded by <see cref="Pupils.Pupil"/>).</summary>
public abstract record PupilPrivacy
{
    private PupilPrivacy() { }

    public sealed record Held : PupilPrivacy;

    public sealed record Erased(ErasureReason Reason, Instant ErasedAt) : PupilPrivacy;

    public static PupilPrivacy Initial { get; } = new Held();

    public static PupilPrivacy Evolve(PupilPrivacy state, PrivacyEvent @event) => @event switch
    {
        PupilErased e => new Erased(e.Reason, e.ErasedAt),
        _ => state,
    };
}

/// <summary>Erases a pupil's personal details. Slice: eventmodel/slices/erase-pupil.json</summary>
public sealed record ErasePupil(PupilId PupilId, ErasureReason Reason, string LegalBasis, ActorId By, Instant Now)
{
    public static PrivacyEvent[] Decide(PupilPrivacy state, ErasePupil c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (state is PupilPrivacy.Erased)
        {
            return [];
        }

        return string.IsNullOrWhiteSpace(c.LegalBasis)
            ? throw new DomainRuleViolation("legal-basis-required", "An erasure must name its legal basis (e.g. uk-gdpr-art-17).")
            : [new PupilErased(c.PupilId, c.Reason, c.LegalBasis, c.By, c.Now)];
    }
}

/// <summary>Records that personal details were rectified, naming the fields only. Slice: eventmodel/slices/erase-pupil.json</summary>
public sealed record RectifyPupilDetails(PupilId PupilId, IReadOnlyList<PersonalField> Fields, ActorId By, Instant Now)
{
    public static PrivacyEvent[] Decide(PupilPrivacy state, RectifyPupilDetails c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (state is PupilPrivacy.Erased)
        {
            throw new DomainRuleViolation("pupil-erased", "The pupil's details were erased; there is nothing left to rectify.");
        }

        var fields = c.Fields.Distinct().Order().ToList();
        return fields.Count == 0 ? [] : [new PupilDetailsRectified(c.PupilId, fields, c.By, c.Now)];
    }
}

/// <summary>Records that free text of a stored event was redacted. Slice: eventmodel/slices/erase-pupil.json</summary>
public sealed record RedactEventText(Guid EventId, PupilId? PupilId, IReadOnlyList<string> Fields, ErasureReason Reason, ActorId By, Instant Now)
{
    public static PrivacyEvent[] Decide(bool alreadyRedacted, RedactEventText c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.Fields.Count == 0)
        {
            throw new DomainRuleViolation("nothing-to-redact", "Name at least one free-text field to redact.");
        }

        return alreadyRedacted ? [] : [new EventTextRedacted(c.EventId, c.PupilId, [.. c.Fields.Distinct(StringComparer.Ordinal)], c.Reason, c.By, c.Now)];
    }

    public static bool Evolve(bool state, PrivacyEvent @event) => state || @event is EventTextRedacted;
}

/// <summary>Records an export for the local authority. Slice: eventmodel/slices/export-for-local-authority.json</summary>
public sealed record RecordLocalAuthorityExport(
    SchoolUrn SchoolUrn, LocalDate AsOf, int Pupils, int PupilsWithObjection, string FileSha256, ActorId By, Instant Now)
{
    public static PrivacyEvent[] Decide(RecordLocalAuthorityExport c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.FileSha256 is not { Length: 64 } || !c.FileSha256.All(char.IsAsciiHexDigitLower))
        {
            throw new DomainRuleViolation("invalid-file-hash", "The export's SHA-256 must be 64 lower-case hex digits.");
        }

        return c.PupilsWithObjection < 0 || c.PupilsWithObjection > c.Pupils
            ? throw new DomainRuleViolation("invalid-export-counts", "Objectors are a subset of the pupils exported.")
            : [new LocalAuthorityExportRecorded(c.SchoolUrn, c.AsOf, c.Pupils, c.PupilsWithObjection, c.FileSha256, c.By, c.Now)];
    }
}
