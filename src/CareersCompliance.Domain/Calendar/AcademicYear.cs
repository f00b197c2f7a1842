using System.Globalization;
using CareersCompliance.Domain.Common;
using NodaTime;

namespace CareersCompliance.Domain.Calendar;

/// <summary>An academic year, 1 September to 31 August, written <c>2025/26</c> (eventmodel/decisions/0002).</summary>
public readonly record struct AcademicYear(int StartYear) : IStringValue<AcademicYear>, IComparable<AcademicYear>
{
    public string Value => ToString();

    /// <summary>1 September of <see cref="StartYear"/>.</summary>
    public LocalDate FirstDay() => new(StartYear, 9, 1);

    /// <summary>31 August of the following calendar year (inclusive end).</summary>
    public LocalDate LastDay() => new(StartYear + 1, 8, 31);

    public DateInterval Dates() => new(FirstDay(), LastDay());

    public AcademicYear Plus(int years) => new(StartYear + years);

    public static AcademicYear Containing(LocalDate date) => new(date.Month >= 9 ? date.Year : date.Year - 1);

    public static AcademicYear From(string value) => Parse(value);

    /// <summary>Parses <c>2025/26</c> (also <c>2025-26</c> and <c>2025/2026</c>).</summary>
    public static AcademicYear Parse(string value) =>
        TryParse(value, out var year) ? year : throw new FormatException($"'{value}' is not an academic year like 2025/26.");

    public static bool TryParse(string? value, out AcademicYear year)
    {
        year = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var parts = value.Trim().Split('/', '-');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var end)
            || parts[0].Length != 4)
        {
            return false;
        }

        var expected = parts[1].Length == 2 ? (start + 1) % 100 : start + 1;
        if (end != expected || parts[1].Length is not (2 or 4))
        {
            return false;
        }

        year = new AcademicYear(start);
        return true;
    }

    public int CompareTo(AcademicYear other) => StartYear.CompareTo(other.StartYear);

    public static bool operator <(AcademicYear left, AcademicYear right) => left.StartYear < right.StartYear;
    public static bool operator >(AcademicYear left, AcademicYear right) => left.StartYear > right.StartYear;
    public static bool operator <=(AcademicYear left, AcademicYear right) => left.StartYear <= right.StartYear;
    public static bool operator >=(AcademicYear left, AcademicYear right) => left.StartYear >= right.StartYear;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{StartYear}/{(StartYear + 1) % 100:D2}");
}
