using System.Globalization;
using NodaTime;

namespace CareersCompliance.Application.Import;

/// <summary>Parsers for the contract's value formats; each failure returns the reason a user can act on.</summary>
public static class FieldParsing
{
    public const string DateFormats = "use YYYY-MM-DD (e.g. 2027-02-28) or DD/MM/YYYY (e.g. 28/02/2027)";

    public static bool TryParseDate(ReadOnlySpan<char> text, out LocalDate date, out string? reason)
    {
        date = default;
        int year, month, day;
        if (text.Length == 10 && text[4] == '-' && text[7] == '-')
        {
            if (!Digits(text[..4], out year) || !Digits(text[5..7], out month) || !Digits(text[8..], out day))
            {
                reason = $"not a date; {DateFormats}";
                return false;
            }
        }
        else
        {
            var first = text.IndexOf('/');
            var second = first < 0 ? -1 : text[(first + 1)..].IndexOf('/');
            if (first is < 1 or > 2 || second is < 1 or > 2 || text.Length - (first + second + 2) != 4
                || !Digits(text[..first], out day)
                || !Digits(text.Slice(first + 1, second), out month)
                || !Digits(text[(first + second + 2)..], out year))
            {
                reason = $"not a date; {DateFormats}";
                return false;
            }
        }

        if (month is < 1 or > 12 || year < 1 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month))
        {
            reason = month is >= 1 and <= 12 && year >= 1
                ? $"not a real date: {CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month)} {year} has " +
                  $"{CalendarSystem.Iso.GetDaysInMonth(year, month)} days; {DateFormats}"
                : $"not a real date (month {month}); {DateFormats}";
            return false;
        }

        date = new LocalDate(year, month, day);
        reason = null;
        return true;
    }

    public static bool TryParseTime(ReadOnlySpan<char> text, out LocalTime time, out string? reason)
    {
        time = default;
        var colon = text.IndexOf(':');
        if (colon is < 1 or > 2 || text.Length - colon != 3
            || !Digits(text[..colon], out var hour) || !Digits(text[(colon + 1)..], out var minute))
        {
            reason = "not a time; use HH:MM on the 24-hour clock (e.g. 09:30 or 14:05)";
            return false;
        }

        if (hour > 23 || minute > 59)
        {
            reason = "not a real time; use HH:MM between 00:00 and 23:59";
            return false;
        }

        time = new LocalTime(hour, minute);
        reason = null;
        return true;
    }

    public static bool TryParseBool(ReadOnlySpan<char> text, out bool value)
    {
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("yes", StringComparison.OrdinalIgnoreCase)
            || text.Equals("y", StringComparison.OrdinalIgnoreCase) || text.SequenceEqual("1"))
        {
            value = true;
            return true;
        }

        value = false;
        return text.Equals("false", StringComparison.OrdinalIgnoreCase) || text.Equals("no", StringComparison.OrdinalIgnoreCase)
            || text.Equals("n", StringComparison.OrdinalIgnoreCase) || text.SequenceEqual("0");
    }

    public static bool IsUrn(ReadOnlySpan<char> text) => text.Length == 6 && AllDigits(text);

    /// <summary>A provider id is a UKPRN (8 digits) or a local id that contains a letter.</summary>
    public static string? ProviderIdProblem(ReadOnlySpan<char> text)
    {
        if (AllDigits(text))
        {
            return text.Length == 8 ? null : $"a UKPRN has 8 digits; this has {text.Length} (a local provider id must contain a letter)";
        }

        return IdentifierProblem(text);
    }

    /// <summary>Ids are 1-64 characters of letters, digits and - _ . / @ so that they survive lists and reports.</summary>
    public static string? IdentifierProblem(ReadOnlySpan<char> text)
    {
        if (text.Length > 64)
        {
            return "an id has at most 64 characters";
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or '/' or '@'))
            {
                return $"an id may contain only letters, digits and - _ . / @ (found '{c}')";
            }
        }

        return null;
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }

    private static bool Digits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (!AllDigits(text))
        {
            return false;
        }

        foreach (var c in text)
        {
            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
