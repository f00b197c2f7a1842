using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Advisers;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Providers;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Domain.Schools;
using NodaTime;

namespace CareersCompliance.Domain.Tests.Rules;

/// <summary>A school's history built fluently for rule tests: default school 100001 teaching Years 7-13.</summary>
internal sealed class World
{
    public static readonly SchoolUrn Urn = new("100001");

    /// <summary>A second school in the system, for pupils who move or are on two rolls.</summary>
    public static readonly SchoolUrn Other = new("100002");
    public static readonly ActorId By = new("test");
    public static readonly Instant Setup = Instant.FromUtc(2020, 1, 1, 0, 0);
    public static readonly ProviderId A = new("10000001");
    public static readonly ProviderId B = new("10000002");
    public static readonly ProviderId C = new("10000003");
    public static readonly ProviderId NoTechnical = new("10000009");
    public static readonly AdviserId Level6 = new("ADV-6");
    public static readonly AdviserId Level4 = new("ADV-4");

    /// <summary>Qualified to Level 6 but employed by the school: not independent (s42A).</summary>
    public static readonly AdviserId Level6Staff = new("ADV-6-STAFF");
    public static readonly ActivityChecklist PalContent = new(ProviderInfo: true, Careers: true, LearningLike: true, Questions: true);

    private readonly List<Recorded<SchoolEvent>> _school = [];
    private readonly List<Recorded<PupilEvent>> _pupils = [];
    private readonly List<Recorded<ActivityEvent>> _activities = [];
    private readonly List<Recorded<ProviderEvent>> _providers = [];
    private readonly List<Recorded<AdviserEvent>> _advisers = [];
    private readonly Dictionary<PupilId, LocalDate> _birthDates = [];
    private int _next;

    public World(int highestYear = 13)
    {
        _school.Add(new(new SchoolEvent.SchoolRegistered(Urn, "Test Academy", SchoolType.Academy, 7, highestYear, By, Setup), Setup));
        Provider(A, "A College", ProviderKind.FeCollege);
        Provider(B, "B Training", ProviderKind.Itp);
        Provider(C, "C UTC", ProviderKind.Utc);
        Provider(NoTechnical, "Sixth Form Only", ProviderKind.SchoolSixthForm, technical: false);
        _advisers.Add(new(new AdviserEvent.AdviserRegistered(Level6, 6, true, By, Setup), Setup));
        _advisers.Add(new(new AdviserEvent.AdviserRegistered(Level4, 4, false, By, Setup), Setup));
        _advisers.Add(new(new AdviserEvent.AdviserRegistered(Level6Staff, 6, false, By, Setup), Setup));
    }

    public World Provider(ProviderId id, string name, ProviderKind kind, bool technical = true)
    {
        _providers.Add(new(new ProviderEvent.ProviderRegistered(id, name, kind, technical, By, Setup), Setup));
        return this;
    }

    public World School(SchoolEvent e, Instant? at = null)
    {
        _school.Add(new(e, at ?? Setup));
        return this;
    }

    /// <summary>A pupil in <paramref name="yearGroup"/> during <paramref name="year"/>, admitted on <paramref name="admitted"/> (default 1 Sep 2020).</summary>
    public PupilId Pupil(int yearGroup, int year, LocalDate? admitted = null, LocalDate? left = null, int? derived = null, bool consideringHe = false)
    {
        var id = new PupilId(Guid.NewGuid());
        var admission = admitted ?? new LocalDate(2020, 9, 1);
        Add(new PupilEvent.PupilEnrolled(id, Urn, admission, By, Setup));
        Add(new PupilEvent.PupilYearGroupRecorded(id, new AcademicYear(year), yearGroup, YearGroupSource.RecordedByMis, derived ?? yearGroup, By, Setup));
        if (left is { } l)
        {
            Add(new PupilEvent.PupilLeft(id, Urn, l, By, Setup));
        }

        if (consideringHe)
        {
            Add(new PupilEvent.PupilConsideringHigherEducationRecorded(id, true, admission, By, Setup));
        }

        return id;
    }

    /// <summary>Puts the pupil on another school's roll from <paramref name="admitted"/>, and off it on <paramref name="left"/>.</summary>
    public World Enrol(PupilId pupil, SchoolUrn school, LocalDate admitted, LocalDate? left = null)
    {
        Add(new PupilEvent.PupilEnrolled(pupil, school, admitted, By, Setup));
        return left is { } l ? Left(pupil, l, school) : this;
    }

    public World Left(PupilId pupil, LocalDate left, SchoolUrn? school = null) => Add(new PupilEvent.PupilLeft(pupil, school ?? Urn, left, By, Setup));

    public World Add(PupilEvent e, Instant? at = null)
    {
        _pupils.Add(new(e, at ?? Setup));
        return this;
    }

    public World BirthDate(PupilId pupil, LocalDate date)
    {
        _birthDates[pupil] = date;
        return this;
    }

    public static ActivityDetails Details(
        LocalDate date, ActivityKind kind = ActivityKind.ProviderEncounter, ProviderId[]? providers = null, LocalTime? start = null,
        LocalTime? end = null, DeliveryMode mode = DeliveryMode.InPerson, ActivityChecklist? checklist = null, int[]? yearGroups = null,
        AdviserId? adviser = null, bool noTimes = false, SchoolUrn? school = null) =>
        new(school ?? Urn, kind, date,
            noTimes ? null : start ?? new LocalTime(10, 0),
            noTimes ? null : end ?? new LocalTime(11, 0),
            mode, providers ?? [], adviser, checklist ?? (kind == ActivityKind.ProviderEncounter ? PalContent : ActivityChecklist.None),
            yearGroups ?? [], "activity");

    /// <summary>Records an activity and the pupils who attended it.</summary>
    public ActivityId Activity(ActivityDetails details, params PupilId[] attended) => Activity(details, Setup, attended);

    public ActivityId Activity(ActivityDetails details, Instant at, params PupilId[] attended)
    {
        var id = new ActivityId($"ACT-{++_next}");
        _activities.Add(new(new ActivityEvent.ActivityRecorded(id, details, By, at), at));
        foreach (var p in attended)
        {
            Attendance(id, p, true, at);
        }

        return id;
    }

    /// <summary>A PAL-qualifying provider encounter (10:00-11:00, in person, all four content items).</summary>
    public ActivityId Encounter(LocalDate date, ProviderId[] providers, params PupilId[] attended) =>
        Activity(Details(date, providers: providers), attended);

    public World Attendance(ActivityId id, PupilId pupil, bool attended, Instant? at = null)
    {
        _activities.Add(new(new ActivityEvent.AttendanceRecorded(id, pupil, attended, By, at ?? Setup), at ?? Setup));
        return this;
    }

    public World Then(ActivityEvent e, Instant at)
    {
        _activities.Add(new(e, at));
        return this;
    }

    public SchoolEvidence Evidence(SchoolUrn? school = null) =>
        new(school ?? Urn, school is null || school == Urn ? _school : [], _pupils, _activities, _providers, _advisers) { BirthDates = _birthDates };

    public PupilReport Report(PupilId pupil, LocalDate asOf, RuleSettings? settings = null, Instant? knownAt = null) =>
        ComplianceRules.EvaluatePupil(Evidence(), pupil, settings ?? RuleSettings.Default, asOf, knownAt ?? Instant.MaxValue)!;

    public CheckResult Check(PupilId pupil, string checkId, LocalDate asOf, RuleSettings? settings = null, Instant? knownAt = null) =>
        Report(pupil, asOf, settings, knownAt).Check(checkId);

    /// <summary>The pupil's check as <paramref name="school"/> reports it: the same history, read for that school.</summary>
    public CheckResult CheckAt(SchoolUrn school, PupilId pupil, string checkId, LocalDate asOf, RuleSettings? settings = null) =>
        ComplianceRules.EvaluatePupil(Evidence(school), pupil, settings ?? RuleSettings.Default, asOf, Instant.MaxValue)!.Check(checkId);

    public SchoolReport School(LocalDate asOf, RuleSettings? settings = null) =>
        ComplianceRules.EvaluateSchool(Evidence(), settings ?? RuleSettings.Default, asOf, Instant.MaxValue);

    public CompassReport Compass(LocalDate asOf, RuleSettings? settings = null) =>
        ComplianceRules.EvaluateCompass(Evidence(), settings ?? RuleSettings.Default, asOf, Instant.MaxValue);
}
