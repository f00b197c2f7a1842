namespace CareersCompliance.Application.Import;

/// <summary>A contract column: its name, whether a file must have it, and the MIS spellings accepted for it.</summary>
public sealed record ColumnSpec(string Name, bool Required, IReadOnlyList<string> Aliases);

/// <summary>The columns of each contract file, in the order of the contract table.</summary>
public static class ImportColumns
{
    private static ColumnSpec Req(string name, params string[] aliases) => new(name, true, aliases);

    private static ColumnSpec Opt(string name, params string[] aliases) => new(name, false, aliases);

    internal static readonly ColumnSpec[] Schools =
    [
        Req("urn", "school urn", "establishment urn", "urn number"),
        Req("name", "school name", "establishment name"),
        Req("trust_id", "trust", "trust ref", "trust reference", "trust code", "mat id", "group uid", "group id"),
        Opt("trust_name", "mat name", "group name"),
        Req("lowest_year", "lowest year group", "low year", "youngest year", "first year"),
        Req("highest_year", "highest year group", "high year", "oldest year", "last year"),
        Opt("school_type", "type", "establishment type", "type of establishment"),
        Opt("school_day_start", "day start", "school start", "start of day", "session start"),
        Opt("school_day_end", "day end", "school end", "end of day", "session end"),
        Opt("framework_2024_from", "framework 2024", "gatsby 2024 from", "framework from"),
    ];

    internal static readonly ColumnSpec[] Providers =
    [
        Req("provider_id", "ukprn", "provider ukprn", "provider ref", "provider reference", "id"),
        Req("name", "provider name", "organisation name", "organisation", "organization name"),
        Req("kind", "provider kind", "provider type", "type"),
        Req("offers_technical", "technical", "offers technical education", "technical education", "approved technical"),
    ];

    internal static readonly ColumnSpec[] Advisers =
    [
        Req("adviser_id", "advisor id", "adviser", "advisor", "staff id", "staff code", "id"),
        Req("name", "adviser name", "advisor name", "full name"),
        Req("qualification_level", "level", "qualification", "qcf level", "rqf level", "career guidance level"),
        Opt("independent", "external", "is independent"),
    ];

    internal static readonly ColumnSpec[] Pupils =
    [
        Req("upn", "unique pupil number", "pupil upn"),
        Req("school_urn", "urn", "establishment urn"),
        Req("forename", "legal forename", "first name", "firstname", "given name", "forenames"),
        Req("surname", "legal surname", "last name", "lastname", "family name"),
        Req("date_of_birth", "dob", "birth date", "birthdate"),
        Opt("year_group", "nc year actual", "ncyear", "nc year", "ncyearactual", "national curriculum year", "year", "curriculum year"),
        Req("academic_year", "academic year", "school year", "ay"),
        Opt("admission_date", "date of admission", "entry date", "admission"),
        Opt("leaving_date", "date of leaving", "leave date", "leaving"),
        Opt("sen", "sen status", "sen provision", "send", "send status"),
        Opt("looked_after", "in care", "cla", "lac", "looked after child"),
        Opt("considering_he", "considering higher education", "he interest"),
        Opt("sharing_objection", "opt out", "data sharing objection", "objection"),
        Opt("disadvantaged", "pupil premium", "pp", "disadvantaged pupil"),
    ];

    internal static readonly ColumnSpec[] Activities =
    [
        Req("activity_id", "activity", "event id", "activity ref", "id"),
        Req("school_urn", "urn"),
        Req("kind", "activity kind", "activity type", "type"),
        Req("date", "activity date", "event date"),
        Opt("start_time", "start", "from", "time from"),
        Opt("end_time", "end", "to", "time to"),
        Opt("delivery_mode", "mode", "delivery"),
        Opt("provider_ids", "providers", "provider id", "provider", "ukprn", "ukprns"),
        Opt("adviser_id", "adviser", "advisor", "advisor id"),
        Opt("checklist", "checklist flags", "content"),
        Opt("year_groups", "years", "year group", "target year groups", "target years"),
        Opt("title", "activity title", "description", "activity name"),
        Opt("subject", "department", "subject department"),
    ];

    internal static readonly ColumnSpec[] Attendance =
    [
        Req("activity_id", "activity", "event id", "activity ref"),
        Req("upn", "unique pupil number", "pupil upn"),
        Opt("attended", "present", "attendance"),
    ];

    internal static readonly ColumnSpec[] Destinations =
    [
        Req("upn", "unique pupil number", "pupil upn"),
        Req("kind", "destination kind", "type"),
        Req("destination", "destination type", "outcome"),
        Req("recorded_on", "date recorded", "recorded", "date"),
        Opt("provider_name", "provider", "institution", "employer", "destination provider"),
    ];

    public static IReadOnlyList<ColumnSpec> For(ImportFileKind kind) => kind switch
    {
        ImportFileKind.Schools => Schools,
        ImportFileKind.Providers => Providers,
        ImportFileKind.Advisers => Advisers,
        ImportFileKind.Pupils => Pupils,
        ImportFileKind.Activities => Activities,
        ImportFileKind.Attendance => Attendance,
        ImportFileKind.Destinations => Destinations,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Header comparison key: lower case, without spaces, underscores or hyphens.</summary>
    public static string Normalise(ReadOnlySpan<char> header)
    {
        Span<char> buffer = header.Length <= 256 ? stackalloc char[header.Length] : new char[header.Length];
        var n = 0;
        foreach (var c in header.Trim())
        {
            if (c is not (' ' or '_' or '-' or '\t'))
            {
                buffer[n++] = char.ToLowerInvariant(c);
            }
        }

        return new string(buffer[..n]);
    }
}

/// <summary>Where each contract column sits in a file's header.</summary>
internal sealed class HeaderMap
{
    private HeaderMap(int[] fieldOf, int headerFields)
    {
        FieldOf = fieldOf;
        HeaderFields = headerFields;
    }

    /// <summary>Index into the record for each column of the spec, or -1 when the file lacks it.</summary>
    public int[] FieldOf { get; }

    public int HeaderFields { get; }

    public static HeaderMap? Build(
        IReadOnlyList<ColumnSpec> columns,
        IReadOnlyList<string> headers,
        string file,
        string formatFile,
        long line,
        List<ImportError> errors,
        List<ImportWarning> warnings)
    {
        var lookup = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < columns.Count; c++)
        {
            lookup[ImportColumns.Normalise(columns[c].Name)] = c;
        }

        for (var c = 0; c < columns.Count; c++)
        {
            foreach (var alias in columns[c].Aliases)
            {
                lookup.TryAdd(ImportColumns.Normalise(alias), c);
            }
        }

        var fieldOf = Enumerable.Repeat(-1, columns.Count).ToArray();
        var unknown = new List<string>();
        var ok = true;
        for (var f = 0; f < headers.Count; f++)
        {
            var header = headers[f].Trim();
            if (!lookup.TryGetValue(ImportColumns.Normalise(header), out var c))
            {
                unknown.Add(header.Length == 0 ? $"(blank header in position {f + 1})" : header);
                continue;
            }

            if (fieldOf[c] >= 0)
            {
                errors.Add(new ImportError(
                    file,
                    line,
                    columns[c].Name,
                    header,
                    $"headers '{headers[fieldOf[c]].Trim()}' (position {fieldOf[c] + 1}) and '{header}' (position {f + 1}) " +
                    $"both mean column {columns[c].Name}; delete one of them"));
                ok = false;
                continue;
            }

            fieldOf[c] = f;
        }

        ok &= CheckRequired(columns, fieldOf, file, line, errors);
        if (unknown.Count > 0)
        {
            warnings.Add(new ImportWarning(
                file,
                line,
                string.Empty,
                // Why the kind's file name: the file given may be called anything (extra_col.csv); the columns are those of its kind.
                $"ignored column{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(u => $"'{u}'"))}: " +
                $"{(unknown.Count == 1 ? "not a column" : "not columns")} of {formatFile}"));
        }

        return ok ? new HeaderMap(fieldOf, headers.Count) : null;
    }

    private static bool CheckRequired(IReadOnlyList<ColumnSpec> columns, int[] fieldOf, string file, long line, List<ImportError> errors)
    {
        var ok = true;
        for (var c = 0; c < columns.Count; c++)
        {
            if (columns[c].Required && fieldOf[c] < 0)
            {
                var accepted = string.Join(", ", new[] { columns[c].Name }.Concat(columns[c].Aliases).Select(a => $"'{a}'"));
                errors.Add(new ImportError(
                    file,
                    line,
                    columns[c].Name,
                    string.Empty,
                    $"required column {columns[c].Name} is missing from {file}; add a column headed one of {accepted}"));
                ok = false;
            }
        }

        return ok;
    }
}
