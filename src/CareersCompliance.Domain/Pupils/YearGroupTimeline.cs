using CareersCompliance.Domain.Calendar;
using NodaTime;

namespace CareersCompliance.Domain.Pupils;

/// <summary>
/// A pupil's year group in every academic year, from the recorded years: the nearest earlier record plus one per
/// year, or counted back from the earliest record (eventmodel/decisions/0003). A retained pupil repeats a year only
/// when a later record says so.
/// </summary>
public sealed class YearGroupTimeline
{
    // Why ±15: enough to reach Year 1 and Year 14 from any record, so the first/last years of every group are found.
    private const int Span = 15;
    private readonly (AcademicYear Year, int Group, int? Derived)[] _records;
    private readonly Dictionary<int, (AcademicYear First, AcademicYear Last)> _years = [];

    public YearGroupTimeline(IEnumerable<(AcademicYear Year, int Group, int? Derived)> records)
    {
        // The last record for a year wins (a later correction of the same year).
        _records = [.. records.GroupBy(r => r.Year).Select(g => g.Last()).OrderBy(r => r.Year.StartYear)];
        if (_records.Length == 0)
        {
            return;
        }

        for (var y = _records[0].Year.Plus(-Span); y <= _records[^1].Year.Plus(Span); y = y.Plus(1))
        {
            var g = GroupIn(y)!.Value;
            _years[g] = _years.TryGetValue(g, out var known) ? (known.First, y) : (y, y);
        }
    }

    public static YearGroupTimeline Empty { get; } = new([]);

    public bool IsEmpty => _records.Length == 0;

    /// <summary>The National Curriculum year in <paramref name="year"/>, or null when nothing is recorded.</summary>
    public int? GroupIn(AcademicYear year)
    {
        if (_records.Length == 0)
        {
            return null;
        }

        var i = Governing(year);
        return i < 0 ? _records[0].Group - (_records[0].Year.StartYear - year.StartYear) : _records[i].Group + (year.StartYear - _records[i].Year.StartYear);
    }

    public int? GroupOn(LocalDate date) => GroupIn(AcademicYear.Containing(date));

    /// <summary>True when the record governing <paramref name="year"/> differs from the year derived from the date of birth (retained or accelerated).</summary>
    public bool DiffersFromBirthDate(AcademicYear year)
    {
        if (_records.Length == 0)
        {
            return false;
        }

        var r = _records[Math.Max(Governing(year), 0)];
        return r.Derived is { } d && d != r.Group;
    }

    public AcademicYear? FirstYearIn(int group) => _years.TryGetValue(group, out var y) ? y.First : null;

    public AcademicYear? LastYearIn(int group) => _years.TryGetValue(group, out var y) ? y.Last : null;

    /// <summary>31 August of the last year the pupil is in <paramref name="group"/> (the "end of Year 11" deadline).</summary>
    public LocalDate? EndOfYearGroup(int group) => LastYearIn(group)?.LastDay();

    /// <summary>1 September of the first year the pupil is in <paramref name="group"/>.</summary>
    public LocalDate? StartOfYearGroup(int group) => FirstYearIn(group)?.FirstDay();

    /// <summary>
    /// The pupil's window for a phase: from 1 September of the first year in the phase's first year group to the
    /// February deadline of the last year in its second year group (a retained pupil's window runs on).
    /// </summary>
    public DateInterval? PalWindow(PalPhase phase, LeapDayHandling leapDay)
    {
        var (first, second) = PalPhases.YearGroupsOf(phase);
        var start = FirstYearIn(first) ?? FirstYearIn(second);
        if (start is null)
        {
            return null;
        }

        // Why: an accelerated pupil who skips the second year leaves the phase at the end of the first.
        var end = LastYearIn(second) is { } last
            ? PalPhases.FebruaryDeadline(last.StartYear + 1, leapDay)
            : LastYearIn(first)!.Value.LastDay();
        return new DateInterval(start.Value.FirstDay(), end);
    }

    private int Governing(AcademicYear year)
    {
        var lo = 0;
        var hi = _records.Length - 1;
        var found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (_records[mid].Year <= year)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }
}
