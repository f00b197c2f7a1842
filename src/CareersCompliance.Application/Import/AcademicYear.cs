using System.Globalization;
using NodaTime;

namespace CareersCompliance.Application.Import;

/// <summary>An academic year, 1 September to 31 August, written <c>2025/26</c>.</summary>
public readonly record struct AcademicYear(int StartYear) : IComparable<AcademicYear>
{
    public LocalDate FirstDay => new(StartYear, 9, 1);

    public LocalDate LastDay => new(StartYear + 1, 8, 31);

    public static AcademicYear Containing(LocalDate date) => new(date.Month >= 9 ? date.Year : date.Year - 1);

    /// <summary>
    /// The National Curriculum year derived from a date of birth:
    /// (age on 31 August at the start of the academic year) - 4.
    /// </summary>
    public int YearGroupFor(LocalDate dateOfBirth)
    {
        var august31 = new LocalDate(StartYear, 8, 31);
        var age = august31.Year - dateOfBirth.Year;
        if (dateOfBirth.PlusYears(age) > august31)
        {
            age--;
        }

        return age - 4;
    }

    public static bool TryParse(ReadOnlySpan<char> text, out AcademicYear year)
    {
        year = default;
        if (text.Length != 7 || text[4] != '/'
            || !int.TryParse(text[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !int.TryParse(text[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var end)
            || (start + 1) % 100 != end)
        {
            return false;
        }

        year = new AcademicYear(start);
        return true;
    }

    public static bool operator <(AcademicYear left, AcademicYear right) => left.StartYear < right.StartYear;

    public static bool operator >(AcademicYear left, AcademicYear right) => left.StartYear > right.StartYear;

    public static bool operator <=(AcademicYear left, AcademicYear right) => left.StartYear <= right.StartYear;

    public static bool operator >=(AcademicYear left, AcademicYear right) => left.StartYear >= right.StartYear;

    public int CompareTo(AcademicYear other) => StartYear.CompareTo(other.StartYear);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{StartYear:D4}/{(StartYear + 1) % 100:D2}");
}
