using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Advisers;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Providers;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Schools;
using NodaTime;

namespace CareersCompliance.Domain.Rules;

/// <summary>
/// Everything the rules read for one school: the events themselves with their record time. Within one stream,
/// events must be in stream order; streams may be interleaved. Activities of other schools that the pupils attended
/// may be included: they count for the pupil (eventmodel/decisions/0024), never for the school's own occasions.
/// </summary>
public sealed record SchoolEvidence(
    SchoolUrn Urn,
    IReadOnlyList<Recorded<SchoolEvent>> SchoolEvents,
    IReadOnlyList<Recorded<PupilEvent>> PupilEvents,
    IReadOnlyList<Recorded<ActivityEvent>> ActivityEvents,
    IReadOnlyList<Recorded<ProviderEvent>> ProviderEvents,
    IReadOnlyList<Recorded<AdviserEvent>> AdviserEvents)
{
    /// <summary>Dates of birth from the erasable register, needed only for <see cref="AgeDeadline.StrictAge"/>.</summary>
    public IReadOnlyDictionary<PupilId, LocalDate>? BirthDates { get; init; }
}
