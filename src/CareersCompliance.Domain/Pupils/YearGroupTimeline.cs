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
    private readonly (AcademicYear Year, int Group, int? Derived)[] _records;

    public YearGroupTimeline(IEnumerable<(AcademicYear Year, int Group, int? Derived)> records)
    {
        // The last record for a year wins (a later correction of the same year).
        var byYear = new SortedDictionary<int, (AcademicYear, int, int?)>();
        foreach (var r in records)
        {
            byYear[r.Year.StartYear] = r;
        }

        _records = [.. byYear.Values];
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

    public AcademicYear? FirstYearIn(int group) => YearsIn(group, first: true);

    public AcademicYear? LastYearIn(int group) => YearsIn(group, first: false);

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

    /// <summary>
    /// Each record governs the years up to the next record, climbing one group a year; before the first record the
    /// groups count back. The years in <paramref name="group"/> are at most one per segment, so scan the segments.
    /// </summary>
    private AcademicYear? YearsIn(int group, bool first)
    {
        if (_records.Length == 0)
        {
            return null;
        }

        AcademicYear? found = null;
        var head = _records[0];
        if (group < head.Group)
        {
            found = head.Year.Plus(group - head.Group);
        }

        for (var i = 0; i < _records.Length; i++)
        {
            var r = _records[i];
            var year = r.Year.Plus(group - r.Group);
            var inSegment = group >= r.Group && (i == _records.Length - 1 || year < _records[i + 1].Year);
            if (!inSegment)
            {
                continue;
            }

            if (first && found is not null)
            {
                return found;
            }

            found = year;
        }

        return found;
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
