using System.Globalization;
using CareersCompliance.Domain.Activities;
using CareersCompliance.Domain.Providers;
using CareersCompliance.Domain.Pupils;
using CareersCompliance.Domain.Schools;

namespace CareersCompliance.Application.Import;

/// <summary>One parser per contract file; column numbers follow <see cref="ImportColumns"/>.</summary>
internal static class RowParsers
{
    private static readonly Dictionary<string, SchoolType> SchoolTypes = Words(Enum.GetValues<SchoolType>(), ImportVocabulary.Name);
    private static readonly Dictionary<string, ProviderKind> ProviderKinds = Words(Enum.GetValues<ProviderKind>(), ImportVocabulary.Name);
    private static readonly Dictionary<string, ActivityKind> ActivityKinds = Words(Enum.GetValues<ActivityKind>(), ImportVocabulary.Name);
    private static readonly Dictionary<string, DeliveryMode> DeliveryModes = Words(Enum.GetValues<DeliveryMode>(), ImportVocabulary.Name);
    private static readonly Dictionary<string, DestinationStage> DestinationKinds =
        Words(Enum.GetValues<DestinationStage>(), ImportVocabulary.Name);
    private static readonly Dictionary<string, Destination> Destinations = Words(Enum.GetValues<Destination>(), ImportVocabulary.Name);
    private static readonly Dictionary<string, SenStatus> SenWords = Words(Enum.GetValues<SenStatus>(), ImportVocabulary.Name);
    private static readonly Dictionary<string, ChecklistItems> ChecklistWords =
        ImportVocabulary.ChecklistFlags.ToDictionary(f => f.Name, f => f.Flag, StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, T> Words<T>(IEnumerable<T> values, Func<T, string> name) =>
        values.ToDictionary(name, v => v, StringComparer.OrdinalIgnoreCase);

    private static string? UrnProblem(ReadOnlySpan<char> v) =>
        FieldParsing.IsUrn(v) ? null : $"a URN has 6 digits; this has {v.Length} character(s)";

    private static string? UpnProblem(ReadOnlySpan<char> v) => Upn.Problem(v);

    private static string? IdProblem(ReadOnlySpan<char> v) => FieldParsing.IdentifierProblem(v);

    public static ImportRow? School(RowReader r)
    {
        var urn = r.Id(0, UrnProblem);
        var name = r.Text(1);
        var trustId = r.Id(2, IdProblem);
        var trustName = r.Text(3);
        var lowest = r.Int(4, 1, 14, "lowest_year");
        var highest = r.Int(5, 1, 14, "highest_year");
        var type = r.Word(6, SchoolTypes);
        var dayStart = r.Time(7);
        var dayEnd = r.Time(8);
        AcademicYear? framework = null;
        if (!r.IsBlank(9))
        {
            if (AcademicYear.TryParse(r.Raw(9), out var year))
            {
                framework = year;
            }
            else
            {
                r.Fail(9, r.Raw(9), "not an academic year; write it like 2025/26 (the second part is the year after the first)");
            }
        }

        if (lowest is { } lo && highest is { } hi && hi < lo)
        {
            r.Fail(5, r.Raw(5), $"highest_year {hi} is below lowest_year {lo}");
        }

        if (dayStart.HasValue != dayEnd.HasValue && !r.Failed)
        {
            r.Fail(dayStart.HasValue ? 8 : 7, default, "give both school_day_start and school_day_end, or neither (default 08:30-16:00)");
        }
        else if (dayStart is { } s && dayEnd is { } e && e <= s)
        {
            r.Fail(8, r.Raw(8), $"school_day_end must be after school_day_start ({r.Raw(7)})");
        }

        return r.Failed
            ? null
            : new SchoolRow(urn!, name!, trustId!, trustName, lowest!.Value, highest!.Value, type, dayStart, dayEnd, framework);
    }

    public static ImportRow? Provider(RowReader r)
    {
        var id = r.Id(0, FieldParsing.ProviderIdProblem);
        var name = r.Text(1);
        var kind = r.Word(2, ProviderKinds);
        var technical = r.Bool(3);
        return r.Failed ? null : new ProviderRow(id!, name!, kind!.Value, technical!.Value);
    }

    public static ImportRow? Adviser(RowReader r)
    {
        var id = r.Id(0, IdProblem);
        var name = r.Text(1);
        int? level = null;
        var rawLevel = r.Raw(2);
        if (rawLevel.IsEmpty)
        {
            r.Fail(2, default, "qualification_level is required; this row leaves it blank");
        }
        else
        {
            // MIS and HR exports often write "Level 6" or "L6".
            var digits = rawLevel.TrimStart("LEVlev ");
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l is >= 1 and <= 8)
            {
                level = l;
            }
            else
            {
                r.Fail(2, rawLevel, "qualification_level must be a whole number from 1 to 8 (e.g. 6 for a Level 6 careers guidance qualification)");
            }
        }

        var independent = r.Bool(3) ?? false;
        return r.Failed ? null : new AdviserRow(id!, name!, level!.Value, independent);
    }

    public static ImportRow? Pupil(RowReader r)
    {
        var upn = r.Id(0, UpnProblem);
        var urn = r.Id(1, UrnProblem);
        r.CheckReference(1, urn, ReferenceKind.School, "schools.csv");
        var forename = r.Text(2, 100);
        var surname = r.Text(3, 100);
        var dob = r.Date(4, notAfterToday: true);
        var recorded = RecordedYearGroup(r, 5);
        var academicYear = AcademicYearOf(r, 6);
        var admission = r.Date(7);
        var leaving = r.Date(8);
        if (admission is { } a && leaving is { } l && l < a)
        {
            r.Fail(8, r.Raw(8), $"leaving_date is before admission_date ({r.Raw(7)})");
        }

        // SIMS writes N for no special educational need.
        var sen = r.IsBlank(9) || r.Raw(9).Equals("n", StringComparison.OrdinalIgnoreCase) ? SenStatus.None : r.Word(9, SenWords) ?? SenStatus.None;

        var lookedAfter = r.Bool(10) ?? false;
        var consideringHe = r.Bool(11) ?? false;
        var objection = r.Bool(12) ?? false;
        var disadvantaged = r.Bool(13) ?? false;

        var derived = 0;
        if (dob is { } birth && academicYear is { } year)
        {
            derived = year.YearGroupFor(birth);
            if (recorded is null && derived is < 1 or > 14)
            {
                r.Fail(4, r.Raw(4), $"date_of_birth gives year group {derived} in {year}, outside 1 to 14; check the date or give year_group");
            }
        }

        return r.Failed
            ? null
            : new PupilRow(upn!, urn!, forename!, surname!, dob!.Value, recorded ?? derived, recorded, derived, academicYear!.Value,
                admission, leaving, sen, lookedAfter, consideringHe, objection, disadvantaged);
    }

    private static int? RecordedYearGroup(RowReader r, int column)
    {
        var raw = r.Raw(column);
        if (raw.IsEmpty)
        {
            return null;
        }

        // MIS exports sometimes write "Year 9" or "Y9".
        var digits = raw.TrimStart("YEARyear ");
        if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1 and <= 14)
        {
            return y;
        }

        r.Fail(column, raw, "year_group must be a National Curriculum year from 1 to 14, or blank to derive it from date_of_birth");
        return null;
    }

    private static AcademicYear? AcademicYearOf(RowReader r, int column)
    {
        var raw = r.Raw(column);
        if (raw.IsEmpty)
        {
            r.Fail(column, default, "academic_year is required; this row leaves it blank");
            return null;
        }

        if (AcademicYear.TryParse(raw, out var year))
        {
            return year;
        }

        r.Fail(column, raw, "not an academic year; write it like 2025/26 (the second part is the year after the first)");
        return null;
    }

    public static ImportRow? Activity(RowReader r)
    {
        var id = r.Id(0, IdProblem);
        var urn = r.Id(1, UrnProblem);
        r.CheckReference(1, urn, ReferenceKind.School, "schools.csv");
        var kind = r.Word(2, ActivityKinds);
        var date = r.Date(3);
        var start = r.Time(4);
        var end = r.Time(5);
        if (start.HasValue != end.HasValue && !r.Failed)
        {
            r.Fail(start.HasValue ? 5 : 4, default, "give both start_time and end_time, or neither");
        }
        else if (start is { } s && end is { } e && e <= s)
        {
            r.Fail(5, r.Raw(5), $"end_time must be after start_time ({r.Raw(4)})");
        }

        var mode = r.IsBlank(6) ? DeliveryMode.InPerson : r.Word(6, DeliveryModes) ?? DeliveryMode.InPerson;
        var providers = ProviderIds(r, 7);
        var adviser = r.Id(8, IdProblem);
        r.CheckReference(8, adviser, ReferenceKind.Adviser, "advisers.csv");
        var checklist = Checklist(r, 9);
        var years = YearGroups(r, 10);
        var title = r.Text(11);
        var subject = r.Text(12, 100);
        if (kind == ActivityKind.ProviderEncounter && providers.Count == 0 && !r.Failed)
        {
            r.Fail(7, default, "a provider_encounter needs provider_ids: the provider(s) the pupils met");
        }

        if (kind == ActivityKind.GuidanceMeeting && adviser is null && !r.Failed)
        {
            r.Fail(8, default, "a guidance_meeting needs the adviser_id of the adviser who gave it");
        }

        return r.Failed
            ? null
            : new ActivityRow(id!, urn!, kind!.Value, date!.Value, start, end, mode, providers, adviser, checklist, years, title, subject);
    }

    private static List<string> ProviderIds(RowReader r, int column)
    {
        var providers = new List<string>();
        var raw = r.Raw(column);
        foreach (var range in raw.Split(';'))
        {
            var part = raw[range].Trim();
            if (part.IsEmpty)
            {
                continue;
            }

            var problem = FieldParsing.ProviderIdProblem(part);
            if (problem is not null)
            {
                r.Fail(column, part, problem);
                continue;
            }

            var providerId = r.Intern(part);
            r.CheckReference(column, providerId, ReferenceKind.Provider, "providers.csv");
            if (!providers.Contains(providerId, StringComparer.Ordinal))
            {
                providers.Add(providerId);
            }
        }

        return providers;
    }

    private static ChecklistItems Checklist(RowReader r, int column)
    {
        var checklist = ChecklistItems.None;
        var raw = r.Raw(column);
        var lookup = ChecklistWords.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var range in raw.Split(';'))
        {
            var part = raw[range].Trim();
            if (part.IsEmpty)
            {
                continue;
            }

            if (lookup.TryGetValue(part, out var flag))
            {
                checklist |= flag;
            }
            else
            {
                r.Fail(column, part, $"not a checklist flag; use ;-separated flags from: {string.Join(", ", ChecklistWords.Keys)}");
            }
        }

        return checklist;
    }

    private static List<int> YearGroups(RowReader r, int column)
    {
        var years = new List<int>();
        var raw = r.Raw(column);
        foreach (var range in raw.Split(';'))
        {
            var part = raw[range].Trim();
            if (part.IsEmpty)
            {
                continue;
            }

            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1 and <= 14)
            {
                if (!years.Contains(y))
                {
                    years.Add(y);
                }
            }
            else
            {
                r.Fail(column, part, "year_groups is a ;-separated list of year groups from 1 to 14 (e.g. 8;9)");
            }
        }

        years.Sort();
        return years;
    }

    public static ImportRow? Attendance(RowReader r)
    {
        var activity = r.Id(0, IdProblem);
        r.CheckReference(0, activity, ReferenceKind.Activity, "activities.csv");
        var upn = r.Id(1, UpnProblem);
        r.CheckReference(1, upn, ReferenceKind.Pupil, "pupils.csv");
        var attended = r.Bool(2) ?? true;
        return r.Failed ? null : new AttendanceRow(activity!, upn!, attended);
    }

    public static ImportRow? Destination(RowReader r)
    {
        var upn = r.Id(0, UpnProblem);
        r.CheckReference(0, upn, ReferenceKind.Pupil, "pupils.csv");
        var kind = r.Word(1, DestinationKinds);
        var destination = r.Word(2, Destinations);
        var recordedOn = r.Date(3);
        var provider = r.Text(4);
        return r.Failed ? null : new DestinationRow(upn!, kind!.Value, destination!.Value, recordedOn!.Value, provider);
    }
}
