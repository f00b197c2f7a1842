using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Providers;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Domain.Schools;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CareersCompliance.Resilience.IntegrationTests;

/// <summary>A generated school history for property tests: a few pupils in Years 8-11, provider encounters and other activities in 2025/26, attendance.</summary>
internal sealed record History(
    IReadOnlyList<(PupilId Pupil, int YearGroup)> Pupils,
    IReadOnlyList<ActivityEvent.ActivityRecorded> Activities,
    IReadOnlyList<(int Activity, int Pupil, bool Attended)> Attendance,
    LocalDate AsOf)
{
    public static readonly SchoolUrn Urn = new("100001");
    public static readonly ActorId By = new("generator");
    public static readonly Instant Setup = Instant.FromUtc(2025, 8, 1, 0, 0);
    public static readonly ProviderId[] Providers = [new("10000001"), new("10000002"), new("10000003")];
    private static readonly LocalDate YearStart = new(2025, 9, 1);

    public static Gen<History> Generate(int maxPupils = 4, int maxActivities = 6) =>
        from pupils in FsCheck.Fluent.Gen.Choose(1, maxPupils).SelectMany(n => FsCheck.Fluent.Gen.ListOf(FsCheck.Fluent.Gen.Choose(8, 11), n))
        from activities in FsCheck.Fluent.Gen.Choose(0, maxActivities).SelectMany(n => FsCheck.Fluent.Gen.ListOf(Activity(), n))
        from attendance in FsCheck.Fluent.Gen.ListOf(
            from a in FsCheck.Fluent.Gen.Choose(0, Math.Max(0, activities.Count - 1))
            from p in FsCheck.Fluent.Gen.Choose(0, pupils.Count - 1)
            from attended in FsCheck.Fluent.Gen.Elements(true, true, true, false)
            select (a, p, attended))
        from asOf in FsCheck.Fluent.Gen.Choose(0, 700)
        select new History(
            [.. pupils.Select((y, i) => (new PupilId(new Guid(i + 1, 0, 0, new byte[8])), y))],
            [.. activities.Select((d, i) => new ActivityEvent.ActivityRecorded(new ActivityId($"ACT-{i + 1}"), d, By, Setup))],
            activities.Count == 0 ? [] : [.. attendance],
            YearStart.PlusDays(asOf));

    private static Gen<ActivityDetails> Activity() =>
        from kind in FsCheck.Fluent.Gen.Elements(ActivityKind.ProviderEncounter, ActivityKind.ProviderEncounter, ActivityKind.EmployerEncounter,
            ActivityKind.WorkplaceExperience, ActivityKind.UniversityVisit)
        from day in FsCheck.Fluent.Gen.Choose(0, 320)
        from providers in FsCheck.Fluent.Gen.SubListOf(Providers)
        from content in FsCheck.Fluent.Gen.ListOf(FsCheck.Fluent.Gen.Elements(true, true, false), 4)
        from mode in FsCheck.Fluent.Gen.Elements(DeliveryMode.InPerson, DeliveryMode.InPerson, DeliveryMode.LiveVirtual)
        from hours in FsCheck.Fluent.Gen.Choose(1, 3)
        select new ActivityDetails(Urn, kind, YearStart.PlusDays(day), new LocalTime(9, 0), new LocalTime(9 + hours, 0), mode,
            kind == ActivityKind.ProviderEncounter ? [.. providers] : [], null,
            new ActivityChecklist(content[0], content[1], content[2], content[3]), [], "generated");

    public static IEnumerable<Recorded<SchoolEvent>> SchoolEvents() =>
        [new(new SchoolEvent.SchoolRegistered(Urn, "Generated Academy", SchoolType.Academy, 7, 13, By, Setup), Setup)];

    public static IEnumerable<Recorded<ProviderEvent>> ProviderEvents() =>
        Providers.Select(p => new Recorded<ProviderEvent>(new ProviderEvent.ProviderRegistered(p, "Provider " + p.Value, ProviderKind.FeCollege, true, By, Setup), Setup));

    public static IEnumerable<Recorded<PupilEvent>> PupilEvents(PupilId pupil, int yearGroup) =>
    [
        new(new PupilEvent.PupilEnrolled(pupil, Urn, new LocalDate(2022, 9, 1), By, Setup), Setup),
        new(new PupilEvent.PupilYearGroupRecorded(pupil, new AcademicYear(2025), yearGroup, YearGroupSource.RecordedByMis, yearGroup, By, Setup), Setup),
    ];

    public IEnumerable<Recorded<ActivityEvent>> ActivityEvents(ActivityEvent.ActivityRecorded activity) =>
        [new(activity, Setup), .. Attendance.Where(a => Activities[a.Activity] == activity).Select(a => AttendanceEvent(a.Activity, a.Pupil, a.Attended))];

    public Recorded<ActivityEvent> AttendanceEvent(int activity, int pupil, bool attended) =>
        new(new ActivityEvent.AttendanceRecorded(Activities[activity].ActivityId, Pupils[pupil].Pupil, attended, By, Setup), Setup);

    public SchoolEvidence Evidence(IEnumerable<Recorded<ActivityEvent>>? extra = null) => new(
        Urn,
        [.. SchoolEvents()],
        [.. Pupils.SelectMany(p => PupilEvents(p.Pupil, p.YearGroup))],
        [.. Activities.SelectMany(ActivityEvents), .. extra ?? []],
        [.. ProviderEvents()],
        []);
}
