using System.Globalization;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Advisers;
using CareersCompliance.Domain.Calendar;
using CareersCompliance.Domain.Common;
using CareersCompliance.Domain.Providers;
using NodaTime;

namespace CareersCompliance.Domain.Rules;

/// <summary>One school's evidence folded once (known-at filter, then fold), with the per-pupil activity index built once.</summary>
internal sealed partial class SchoolEvaluation
{
    private static readonly IReadOnlyList<(ActivityModel Activity, bool Attended)> NoActivities = [];
    private readonly RuleSettings _s;
    private readonly LocalDate _asOf;
    private readonly Instant _knownAt;
    private readonly AcademicYear _year;
    private readonly IReadOnlyDictionary<PupilId, LocalDate>? _birthDates;
    private readonly Dictionary<PupilId, PupilModel> _pupils = [];
    private readonly Dictionary<PupilId, List<(ActivityModel Activity, bool Attended)>> _byPupil = [];

    // Year groups each occasion was put on for, worked out once (it reads the register against the roll).
    private readonly Dictionary<ActivityId, HashSet<int>> _offeredTo = [];
    private readonly Dictionary<AcademicYear, ILookup<int, PupilModel>> _groupsByYear = [];

    // This school's own PAL-qualifying occasions up to the as-of date, in date order.
    private readonly List<ActivityModel> _schoolOccasions = [];
    private readonly Dictionary<ProviderId, Provider.Registered> _providers;

    // This school's own curriculum links up to the as-of date, attended or not (GB4, decisions/0044).
    private readonly List<ActivityModel> _curriculumLinks = [];

    public SchoolEvaluation(SchoolEvidence evidence, RuleSettings settings, LocalDate asOf, Instant knownAt)
    {
        _s = settings;
        _asOf = asOf;
        _knownAt = knownAt;
        _year = AcademicYear.Containing(asOf);
        _birthDates = evidence.BirthDates;

        School = SchoolModel.Fold(evidence.Urn, Known(evidence.SchoolEvents));

        _providers = Known(evidence.ProviderEvents).GroupBy(ProviderIdOf)
            .Select(g => g.Aggregate(Provider.Initial, Provider.Evolve)).OfType<Provider.Registered>().ToDictionary(r => r.Id);
        var advisers = Known(evidence.AdviserEvents).GroupBy(AdviserIdOf)
            .Select(g => g.Aggregate(Adviser.Initial, Adviser.Evolve)).OfType<Adviser.Registered>().ToDictionary(r => r.Id);

        foreach (var group in Known(evidence.PupilEvents).GroupBy(Pupils.Pupil.PupilIdOf))
        {
            _pupils[group.Key] = PupilModel.Fold(group.Key, group);
        }

        foreach (var recorded in FoldActivities(Known(evidence.ActivityEvents)))
        {
            // Future-dated activities have not happened yet at the as-of date.
            if (recorded.Details.Date > asOf)
            {
                continue;
            }

            var a = ActivityModel.Classify(recorded, School, _providers, advisers, settings);
            var ownActivity = a.Details.SchoolUrn == evidence.Urn;
            if (!ownActivity && settings.PriorSchoolEvidence == PriorSchoolEvidence.Ignore)
            {
                continue;
            }

            if (ownActivity && a.Details.Kind == ActivityKind.CurriculumLink)
            {
                _curriculumLinks.Add(a);
            }
            foreach (var (pupil, attended) in recorded.Attendance)
            {
                if (!_byPupil.TryGetValue(pupil, out var list))
                {
                    _byPupil[pupil] = list = [];
                }

                list.Add((a, attended));
            }

            if (a.PalExclusion is null && ownActivity)
            {
                _schoolOccasions.Add(a);
            }
        }

        foreach (var list in _byPupil.Values)
        {
            list.Sort((x, y) => ActivityModel.CompareByDate(x.Activity, y.Activity));
        }

        _schoolOccasions.Sort(ActivityModel.CompareByDate);
    }

    public SchoolModel School { get; }

    public SchoolReport Report()
    {
        var pupils = _pupils.Values
            .Where(p => p.Enrolments.Exists(e => e.SchoolUrn == School.Urn && e.AdmissionDate <= _asOf
                && (e.LeavingDate is null || e.LeavingDate >= _year.FirstDay())))
            .Select(Evaluate)
            .ToList();
        var counts = new int[CheckIds.PerPupil.Count, 5];
        foreach (var p in pupils)
        {
            for (var i = 0; i < p.Checks.Count; i++)
            {
                counts[i, (int)p.Checks[i].Status]++;
            }
        }

        var coverage = CheckIds.PerPupil
            .Select((id, i) => new CheckCoverage(id, counts[i, 0], counts[i, 1], counts[i, 2], counts[i, 3], counts[i, 4]))
            .ToList();
        var day = School.SchoolDayOn(_asOf, _s);
        return new SchoolReport(
            School.Urn, School.Name, _asOf, _knownAt,
            _s.Describe(day.Start, day.End, School.Framework2024From) with
            {
                PalSendFlexibility = School.PalSendFlexibilityOn(_asOf),
                AccessResponseSchoolDays = AccessResponseDaysOn(_asOf),
            },
            Framework(_year), pupils, SchoolChecks(), [.. PalCohorts(pupils.ToDictionary(r => r.PupilId))], coverage)
        {
            YearGroupCoverage = YearGroupCoverage(pupils),
            AccessRequests = AccessRequests(),
            Destinations = Destinations(),
        };
    }

    public PupilReport? Pupil(PupilId id) => _pupils.TryGetValue(id, out var p) ? Evaluate(p) : null;

    private PupilReport Evaluate(PupilModel p)
    {
        var flags = PupilFlags(p);

        var checks = new List<CheckResult>(14)
        {
            Pal(p, PalPhase.First),
            Pal(p, PalPhase.Second),
            PalThird(p),
            Gb5(p),
            Gb5Years(p),
            Gb6(p, by18: false),
            Gb6(p, by18: true),
            Gb7By16(p),
            Gb7He(p),
            Gb8(p, by18: false),
            Gb8(p, by18: true),
            IagIndependent(p),
            SendYear9Review(p),
            SendPhaseTransfer(p),
        };
        return new PupilReport(p.Id, p.Timeline.GroupIn(_year), Framework(_year), OnRollAt(p, _asOf), checks, flags);
    }

    private bool Retained(PupilModel p, AcademicYear year)
    {
        if (p.Timeline.DiffersFromBirthDate(year))
        {
            return true;
        }

        return _birthDates is not null && _birthDates.TryGetValue(p.Id, out var dob) && p.Timeline.GroupIn(year) is { } g
            && g != YearGroups.DerivedFromBirthDate(dob, year);
    }

    private GatsbyFramework Framework(AcademicYear year) => _s.FrameworkFor(year, School.Framework2024From);

    private GatsbyFramework FrameworkAt(LocalDate deadline) =>
        Framework(AcademicYear.Containing(deadline < _asOf ? deadline : _asOf));

    private IReadOnlyList<(ActivityModel Activity, bool Attended)> Attended(PupilModel p) =>
        _byPupil.TryGetValue(p.Id, out var list) ? list : NoActivities;

    /// <summary>
    /// On roll at this school on <paramref name="date"/>: admitted (by the as-of date), not yet left, and the year group
    /// not past the school's highest year (eventmodel/decisions/0004). Leaving dates after the as-of date have not happened yet.
    /// </summary>
    private bool OnRollAt(PupilModel p, LocalDate date)
    {
        var enrolled = p.Enrolments.Exists(e => e.SchoolUrn == School.Urn && e.AdmissionDate <= _asOf && e.AdmissionDate <= date
            && (e.LeavingDate is not { } left || left > _asOf || date <= left));
        return enrolled && (p.Timeline.GroupOn(date) is not { } g || g <= School.HighestYearOn(date));
    }

    private static string Ids(IEnumerable<ActivityModel> activities) => string.Join(", ", activities.Select(a => a.Id.Value));

    // Why not LocalDatePattern: reasons format a few dates per check for every pupil, and this is several times cheaper.
    private static string D(LocalDate date) => string.Create(10, date, static (span, d) =>
    {
        d.Year.TryFormat(span, out _, "D4", CultureInfo.InvariantCulture);
        span[4] = '-';
        d.Month.TryFormat(span[5..], out _, "D2", CultureInfo.InvariantCulture);
        span[7] = '-';
        d.Day.TryFormat(span[8..], out _, "D2", CultureInfo.InvariantCulture);
    });

    /// <summary>A check's outcome; evidence another school recorded is flagged with that school (eventmodel/decisions/0032).</summary>
    private CheckResult Result(
        string id, CheckStatus status, string code, string? reason, IEnumerable<ActivityModel> evidence, GatsbyFramework fw,
        LocalDate? start, LocalDate? deadline, IReadOnlyList<CheckFlag>? flags = null)
    {
        var pieces = evidence as IReadOnlyCollection<ActivityModel> ?? [.. evidence];
        IReadOnlyList<CheckFlag> all = flags ?? [];
        foreach (var a in pieces)
        {
            if (a.Details.SchoolUrn != School.Urn)
            {
                all = [.. all, new CheckFlag("recorded-by-another-school", $"{a.Id}: recorded by school {a.Details.SchoolUrn}.", a.Id)];
            }
        }

        return new(id, status, code, reason, [.. pieces.Select(a => a.Id)], fw, start, deadline, all);
    }

    private static ProviderId ProviderIdOf(ProviderEvent e) => e switch
    {
        ProviderEvent.ProviderRegistered x => x.ProviderId,
        ProviderEvent.ProviderDetailsChanged x => x.ProviderId,
        _ => default,
    };

    private static AdviserId AdviserIdOf(AdviserEvent e) => e switch
    {
        AdviserEvent.AdviserRegistered x => x.AdviserId,
        AdviserEvent.AdviserDetailsChanged x => x.AdviserId,
        _ => default,
    };

    private static ActivityId ActivityIdOf(ActivityEvent e) => e switch
    {
        ActivityEvent.ActivityRecorded x => x.ActivityId,
        ActivityEvent.ActivityDetailsCorrected x => x.ActivityId,
        ActivityEvent.ActivityRetracted x => x.ActivityId,
        ActivityEvent.AttendanceRecorded x => x.ActivityId,
        ActivityEvent.AttendanceCorrected x => x.ActivityId,
        ActivityEvent.AttendanceWithdrawn x => x.ActivityId,
        _ => default,
    };

    /// <summary>
    /// The same fold as <see cref="Activity.Evolve"/> (retracted activities count for nothing), on mutable dictionaries.
    /// Why: a school's attendance runs to tens of thousands of events; immutable copies per event dominated report time.
    /// </summary>
    private static IEnumerable<ActivityFold> FoldActivities(IEnumerable<ActivityEvent> events)
    {
        var folds = new Dictionary<ActivityId, ActivityFold>();
        foreach (var e in events)
        {
            var id = ActivityIdOf(e);
            folds.TryGetValue(id, out var f);
            switch (e)
            {
                case ActivityEvent.ActivityRecorded r when f is null:
                    folds[id] = new ActivityFold(id, r.Details);
                    break;
                case ActivityEvent.ActivityDetailsCorrected c when f is { Retracted: false }:
                    f.Details = c.Details;
                    break;
                case ActivityEvent.ActivityRetracted when f is not null:
                    f.Retracted = true;
                    break;
                case ActivityEvent.AttendanceRecorded a when f is { Retracted: false }:
                    f.Attendance[a.PupilId] = a.Attended;
                    break;
                case ActivityEvent.AttendanceCorrected a when f is { Retracted: false }:
                    f.Attendance[a.PupilId] = a.Attended;
                    break;
                case ActivityEvent.AttendanceWithdrawn a when f is { Retracted: false }:
                    f.Attendance.Remove(a.PupilId);
                    break;
            }
        }

        return folds.Values.Where(f => !f.Retracted);
    }

    private IEnumerable<T> Known<T>(IReadOnlyList<Recorded<T>> events)
        where T : class
    {
        foreach (var r in events)
        {
            if (r.RecordedAt <= _knownAt)
            {
                yield return r.Event;
            }
        }
    }
}
