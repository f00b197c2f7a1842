using System.Globalization;
using NodaTime;

namespace CareersCompliance.Application.Import;

/// <summary>Reads the current record's columns, recording one error per bad column; <see cref="Failed"/> says whether to refuse the row.</summary>
internal sealed class RowReader(
    CsvReader csv,
    HeaderMap map,
    IReadOnlyList<ColumnSpec> columns,
    string file,
    ImportOptions options,
    Action<ImportError> report)
{
    private const int MaxValueShown = 60;
    private readonly HashSet<string> _pool = new(StringComparer.Ordinal);
    private readonly int[] _fieldOf = map.FieldOf;

    public long Line { get; set; }

    public bool Failed { get; private set; }

    public ImportOptions Options => options;

    public void Reset(long line)
    {
        Line = line;
        Failed = false;
    }

    public ReadOnlySpan<char> Raw(int column)
    {
        var field = _fieldOf[column];
        return field < 0 ? default : csv.GetSpan(field).Trim();
    }

    public bool IsBlank(int column) => Raw(column).IsEmpty;

    public void Fail(int column, ReadOnlySpan<char> value, string reason)
    {
        Failed = true;
        report(new ImportError(file, Line, column < 0 ? string.Empty : columns[column].Name, Shorten(value), reason));
    }

    public static string Shorten(ReadOnlySpan<char> value) =>
        value.Length <= MaxValueShown ? new string(value) : string.Concat(value[..(MaxValueShown - 1)], "…");

    /// <summary>The trimmed text, or null when blank (an error when the column is required).</summary>
    public string? Text(int column, int maxLength = 200)
    {
        var raw = Raw(column);
        if (raw.IsEmpty)
        {
            RequireIfNeeded(column);
            return null;
        }

        if (raw.Length > maxLength)
        {
            Fail(column, raw, $"longer than {maxLength} characters; shorten it");
            return null;
        }

        return new string(raw);
    }

    /// <summary>An id; repeated ids share one string so large files stay small in memory.</summary>
    public string? Id(int column, Func<ReadOnlySpan<char>, string?> problem)
    {
        var raw = Raw(column);
        if (raw.IsEmpty)
        {
            RequireIfNeeded(column);
            return null;
        }

        var why = problem(raw);
        if (why is not null)
        {
            Fail(column, raw, why);
            return null;
        }

        return Intern(raw);
    }

    public string Intern(ReadOnlySpan<char> value)
    {
        var lookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(value, out var existing))
        {
            return existing;
        }

        var text = new string(value);
        if (_pool.Count < 500_000)
        {
            _pool.Add(text);
        }

        return text;
    }

    public void CheckReference(int column, string? key, ReferenceKind kind, string where)
    {
        if (key is not null && options.References is { } references && !references.Has(kind, key))
        {
            Fail(column, key, $"unknown {kind.ToString().ToLowerInvariant()} '{key}': it is not in {where} and has not been imported before; " +
                              "import it first or correct the id");
        }
    }

    public LocalDate? Date(int column, bool notAfterToday = false)
    {
        var raw = Raw(column);
        if (raw.IsEmpty)
        {
            RequireIfNeeded(column);
            return null;
        }

        if (!FieldParsing.TryParseDate(raw, out var date, out var reason))
        {
            Fail(column, raw, reason!);
            return null;
        }

        var latest = notAfterToday ? options.Today : options.Today.PlusYears(1);
        if (date < ImportOptions.EarliestDate)
        {
            Fail(column, raw, $"before {Iso(ImportOptions.EarliestDate)}, the earliest date accepted; check the year");
            return null;
        }

        if (date > latest)
        {
            Fail(column, raw, notAfterToday
                ? $"after today ({Iso(options.Today)}); check the year"
                : $"more than a year after today ({Iso(options.Today)}); check the year");
            return null;
        }

        return date;
    }

    public LocalTime? Time(int column)
    {
        var raw = Raw(column);
        if (raw.IsEmpty)
        {
            RequireIfNeeded(column);
            return null;
        }

        if (!FieldParsing.TryParseTime(raw, out var time, out var reason))
        {
            Fail(column, raw, reason!);
            return null;
        }

        return time;
    }

    public bool? Bool(int column)
    {
        var raw = Raw(column);
        if (raw.IsEmpty)
        {
            RequireIfNeeded(column);
            return null;
        }

        if (!FieldParsing.TryParseBool(raw, out var value))
        {
            Fail(column, raw, "not a yes/no value; use true or false (yes/no, y/n and 1/0 are also accepted)");
            return null;
        }

        return value;
    }

    public int? Int(int column, int min, int max, string what)
    {
        var raw = Raw(column);
        if (raw.IsEmpty)
        {
            RequireIfNeeded(column);
            return null;
        }

        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Fail(column, raw, $"{what} must be a whole number from {min} to {max}");
            return null;
        }

        return value;
    }

    public T? Word<T>(int column, Dictionary<string, T> words)
        where T : struct
    {
        var raw = Raw(column);
        if (raw.IsEmpty)
        {
            RequireIfNeeded(column);
            return null;
        }

        var lookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(raw, out var value))
        {
            return value;
        }

        Fail(column, raw, $"not one of the accepted values: {string.Join(", ", words.Keys)}");
        return null;
    }

    private void RequireIfNeeded(int column)
    {
        if (columns[column].Required)
        {
            Fail(column, default, $"{columns[column].Name} is required; this row leaves it blank");
        }
    }

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
}
