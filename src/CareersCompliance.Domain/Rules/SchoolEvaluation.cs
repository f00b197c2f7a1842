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

    // This school's own PAL-qualifying occasions up to the as-of date, in date order.
    private readonly List<ActivityModel> _schoolOccasions = [];

    public SchoolEvaluation(SchoolEvidence evidence, RuleSettings settings, LocalDate asOf, Instant knownAt)
    {
        _s = settings;
        _asOf = asOf;
        _knownAt = knownAt;
        _year = AcademicYear.Containing(asOf);
        _birthDates = evidence.BirthDates;

        School = SchoolModel.Fold(evidence.Urn, Known(evidence.SchoolEvents));

        var providers = Known(evidence.ProviderEvents).GroupBy(ProviderIdOf)
            .Select(g => g.Aggregate(Provider.Initial, Provider.Evolve)).OfType<Provider.Registered>().ToDictionary(r => r.Id);
        var advisers = Known(evidence.AdviserEvents).GroupBy(AdviserIdOf)
            .Select(g => g.Aggregate(Adviser.Initial, Adviser.Evolve)).OfType<Adviser.Registered>().ToDictionary(r => r.Id);

        foreach (var group in Known(evidence.PupilEvents).GroupBy(Pupils.Pupil.PupilIdOf))
        {
            _pupils[group.Key] = PupilModel.Fold(group.Key, group);
        }

        foreach (var group in Known(evidence.ActivityEvents).GroupBy(ActivityIdOf))
        {
            // Retracted activities fold to Activity.Retracted and count for nothing; future-dated ones have not happened.
            if (group.Aggregate(Activity.Initial, Activity.Evolve) is not Activity.Recorded r || r.Details.Date > asOf)
            {
                continue;
            }

            var a = ActivityModel.Classify(r, School, providers, advisers, settings);
            foreach (var (pupil, attended) in r.Attendance)
            {
                if (!_byPupil.TryGetValue(pupil, out var list))
                {
                    _byPupil[pupil] = list = [];
                }

                list.Add((a, attended));
            }

            if (a.PalExclusion is null && a.Details.SchoolUrn == evidence.Urn)
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
        var coverage = CheckIds.PerPupil.Select(id =>
        {
            int Count(CheckStatus st) => pupils.Count(p => p.Check(id).Status == st);
            return new CheckCoverage(id, Count(CheckStatus.Met), Count(CheckStatus.Due), Count(CheckStatus.AtRisk), Count(CheckStatus.NotMet), Count(CheckStatus.NotApplicable));
        }).ToList();
        var day = School.SchoolDayOn(_asOf, _s);
        return new SchoolReport(
            School.Urn, School.Name, _asOf, _knownAt,
            _s.Describe(day.Start, day.End, School.Framework2024From),
            Framework(_year), pupils, SchoolChecks(), [.. PalCohorts(pupils.ToDictionary(r => r.PupilId))], coverage);
    }

    public PupilReport? Pupil(PupilId id) => _pupils.TryGetValue(id, out var p) ? Evaluate(p) : null;

    private PupilReport Evaluate(PupilModel p)
    {
        var flags = new List<CheckFlag>();
        if (Retained(p, _year))
        {
            flags.Add(new CheckFlag("year-group-differs-from-birth-date", "Judged by the recorded year group, which differs from the one derived from the date of birth."));
        }

        var checks = new List<CheckResult>(10)
        {
            Pal(p, PalPhase.First),
            Pal(p, PalPhase.Second),
            PalThird(p),
            Gb5(p),
            Gb6(p, by18: false),
            Gb6(p, by18: true),
            Gb7By16(p),
            Gb7He(p),
            Gb8(p, by18: false),
            Gb8(p, by18: true),
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

    private static string D(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static CheckResult Result(
        string id, CheckStatus status, string code, string? reason, IEnumerable<ActivityModel> evidence, GatsbyFramework fw,
        LocalDate? start, LocalDate? deadline, IReadOnlyList<CheckFlag>? flags = null) =>
        new(id, status, code, reason, [.. evidence.Select(a => a.Id)], fw, start, deadline, flags ?? []);

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
