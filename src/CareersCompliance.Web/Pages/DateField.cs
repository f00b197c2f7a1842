using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace CareersCompliance.Web.Pages;

/// <summary>
/// A GOV.UK date input (day, month and year boxes named <c>{Id}-day</c>, <c>{Id}-month</c>, <c>{Id}-year</c>) in a GET
/// filter form, read from the query. Links the page makes itself (paging, downloads) carry the date as one ISO value,
/// which is read too.
/// </summary>
public sealed record DateField(string Id, string Legend, string? Hint, string? Day, string? Month, string? Year, string? Error)
{
    public LocalDate? Value { get; init; }

    /// <summary>The id the error summary links to: the first box.</summary>
    public string FirstInputId => Id + "-day";

    public string? Iso => Value is { } v ? LocalDatePattern.Iso.Format(v) : null;

    /// <summary>Reads the field; <paramref name="isoName"/> is the query name of its ISO form (<c>from</c>, <c>knownAt</c>).</summary>
    public static DateField Read(IQueryCollection query, string id, string legend, string? hint, string isoName)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? Part(string name) => query[$"{id}-{name}"].FirstOrDefault()?.Trim() is { Length: > 0 } v ? v : null;
        var (day, month, year) = (Part("day"), Part("month"), Part("year"));
        var empty = new DateField(id, legend, hint, day, month, year, null);
        if (day is null && month is null && year is null)
        {
            if (query[isoName].FirstOrDefault()?.Trim() is not { Length: > 0 } iso)
            {
                return empty;
            }

            var parsed = LocalDatePattern.Iso.Parse(iso);
            return parsed.Success ? Of(id, legend, hint, parsed.Value) : empty with { Error = $"{legend} must be a real date, for example 27 3 2027" };
        }

        if (day is null || month is null || year is null)
        {
            var missing = string.Join(" and ", new[] { ("a day", day), ("a month", month), ("a year", year) }.Where(p => p.Item2 is null).Select(p => p.Item1));
            return empty with { Error = $"{legend} must include {missing}" };
        }

        var inv = CultureInfo.InvariantCulture;
        if (int.TryParse(day, inv, out var d) && int.TryParse(month, inv, out var m) && int.TryParse(year, inv, out var y)
            && y is >= 2000 and <= 2100 && m is >= 1 and <= 12 && d >= 1 && d <= CalendarSystem.Iso.GetDaysInMonth(y, m))
        {
            return empty with { Value = new LocalDate(y, m, d) };
        }

        return empty with { Error = $"{legend} must be a real date between the years 2000 and 2100, for example 27 3 2027" };
    }

    /// <summary>The field showing <paramref name="value"/> (a default, or a date the page chose).</summary>
    public static DateField Of(string id, string legend, string? hint, LocalDate value)
    {
        var inv = CultureInfo.InvariantCulture;
        return new DateField(id, legend, hint, value.Day.ToString(inv), value.Month.ToString(inv), value.Year.ToString(inv), null) { Value = value };
    }
}
