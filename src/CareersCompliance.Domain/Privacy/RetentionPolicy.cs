using NodaTime;

namespace CareersCompliance.Domain.Privacy;

/// <summary>What the retention rules need to know about one pupil: no names, only the anchor dates.</summary>
public sealed record RetentionFacts(LocalDate? DateOfBirth, bool OnRoll, LocalDate? LastLeftOn, bool HasDestinations);

/// <summary>Why a pupil's details are still kept, or that they are due for erasure.</summary>
public enum RetentionVerdict
{
    Due,
    OnRoll,
    CareersRecordKept,
    DestinationsKept,
    NoAnchorDate,
}

/// <summary>
/// How long each record class is kept (eventmodel/decisions/0031, statutory-rules DP-04, DST-01): careers records to
/// the pupil's 25th birthday, destinations three years after leaving. The register entry goes when every class that
/// applies has expired. Slice: eventmodel/slices/retention-rules.json
/// </summary>
public sealed record RetentionPolicy(Period CareersRecordsFromBirth, Period DestinationsAfterLeaving)
{
    public static RetentionPolicy Default { get; } = new(Period.FromYears(25), Period.FromYears(3));

    /// <summary>The first day on which the details may be erased, or null while nothing fixes that day.</summary>
    public LocalDate? ExpiresOn(RetentionFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.OnRoll || facts.DateOfBirth is not { } born)
        {
            return null;
        }

        var careers = born.Plus(CareersRecordsFromBirth);
        if (!facts.HasDestinations)
        {
            return careers;
        }

        return facts.LastLeftOn is { } left ? LocalDate.Max(careers, left.Plus(DestinationsAfterLeaving)) : null;
    }

    public RetentionVerdict Judge(RetentionFacts facts, LocalDate asOf)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.OnRoll)
        {
            return RetentionVerdict.OnRoll;
        }

        if (ExpiresOn(facts) is not { } expires)
        {
            return RetentionVerdict.NoAnchorDate;
        }

        if (asOf >= expires)
        {
            return RetentionVerdict.Due;
        }

        return facts.DateOfBirth is { } born && asOf < born.Plus(CareersRecordsFromBirth)
            ? RetentionVerdict.CareersRecordKept
            : RetentionVerdict.DestinationsKept;
    }
}
