using System.Globalization;
using System.Text;
using CareersCompliance.Application.Import;
using NodaTime;

namespace CareersCompliance.Application.Demo;

/// <summary>
/// Writes a directory of contract CSV files for demos and benchmarks, deterministic from <see cref="DemoOptions.Seed"/>.
/// Schools are generated one at a time and attendance is streamed straight to disk, so memory stays flat.
/// </summary>
public static class DemoGenerator
{
    public const string CorrectionsFolder = "corrections";

    public static DemoSummary Write(string directory, DemoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Schools < 3 || options.Pupils < options.Schools * 20)
        {
            throw new ArgumentException("the demo needs at least 3 schools (one per trust) and 20 pupils per school", nameof(options));
        }

        if (options.AcademicYears.Count == 0 || options.AcademicYears.Distinct().Count() != options.AcademicYears.Count)
        {
            throw new ArgumentException("give one or more distinct academic years", nameof(options));
        }

        Directory.CreateDirectory(directory);
        var schools = DemoSchools.Plan(options);
        using var files = new DemoFiles(directory);
        WriteReferenceFiles(files, schools);
        var corrections = new DemoCorrections();
        for (var i = 0; i < schools.Count; i++)
        {
            new DemoSchoolWriter(options, schools[i], files, corrections, DemoRandom.For(options.Seed, i + 1)).Write();
        }

        string? correctionsDirectory = null;
        var correctionCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (options.WriteCorrections)
        {
            correctionsDirectory = Path.Combine(directory, CorrectionsFolder);
            corrections.Write(correctionsDirectory, correctionCounts);
        }

        var trusts = schools.GroupBy(s => s.Trust)
            .Select(g => new DemoTrust(g.Key.Id, g.Key.Name, g.Count()))
            .ToList();
        return new DemoSummary(
            directory,
            options.EffectiveToday,
            files.Counts(),
            trusts,
            [.. schools.Select(s => new DemoSchool(s.Urn, s.Name, s.Trust.Id, s.Lowest, s.Highest, s.Roll, s.HasGaps))],
            correctionsDirectory,
            correctionCounts);
    }

    private static void WriteReferenceFiles(DemoFiles files, IReadOnlyList<DemoSchools.SchoolPlan> schools)
    {
        foreach (var s in schools)
        {
            files.Row(ImportFileKind.Schools, s.Urn, s.Name, s.Trust.Id, s.Trust.Name, Num(s.Lowest), Num(s.Highest),
                ImportVocabulary.Name(s.Type), Time(s.DayStart), Time(s.DayEnd), s.Framework2024From?.ToString());
        }

        foreach (var p in DemoCatalogue.Providers)
        {
            files.Row(ImportFileKind.Providers, p.Id, p.Name, ImportVocabulary.Name(p.Kind), p.OffersTechnical ? "true" : "false");
        }

        foreach (var a in DemoCatalogue.Advisers)
        {
            files.Row(ImportFileKind.Advisers, a.Id, a.Name, Num(a.Level), a.Independent ? "true" : "false");
        }
    }

    internal static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Date(LocalDate? date) => date?.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

    internal static string Time(LocalTime? time) => time?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? string.Empty;

    internal static string ActivityLine(ActivityRow a) =>
        string.Join(',',
            a.ActivityId,
            a.SchoolUrn,
            ImportVocabulary.Name(a.Kind),
            Date(a.Date),
            Time(a.StartTime),
            Time(a.EndTime),
            ImportVocabulary.Name(a.DeliveryMode),
            string.Join(';', a.ProviderIds),
            a.AdviserId ?? string.Empty,
            ImportVocabulary.Name(a.Checklist),
            string.Join(';', a.YearGroups.Select(Num)),
            CsvText.Field(a.Title),
            CsvText.Field(a.Subject ?? string.Empty));
}

/// <summary>The open output files, with the contract header of each and a row count.</summary>
internal sealed class DemoFiles : IDisposable
{
    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Dictionary<ImportFileKind, StreamWriter> _writers = [];
    private readonly Dictionary<ImportFileKind, long> _counts = [];

    public DemoFiles(string directory)
    {
        foreach (var kind in ImportFiles.ContractOrder)
        {
            var writer = new StreamWriter(Path.Combine(directory, ImportFiles.FileName(kind)), append: false, Utf8, 1 << 20)
            {
                NewLine = "\n",
            };
            writer.Write(Header(kind));
            _writers[kind] = writer;
            _counts[kind] = 0;
        }
    }

    public static string Header(ImportFileKind kind) => string.Join(',', ImportColumns.For(kind).Select(c => c.Name)) + "\n";

    public StreamWriter Writer(ImportFileKind kind) => _writers[kind];

    public void Count(ImportFileKind kind, long rows = 1) => _counts[kind] += rows;

    public void Row(ImportFileKind kind, params ReadOnlySpan<string?> fields)
    {
        CsvText.WriteRow(_writers[kind], fields);
        _counts[kind]++;
    }

    public IReadOnlyDictionary<string, long> Counts() =>
        ImportFiles.ContractOrder.ToDictionary(ImportFiles.FileName, k => _counts[k], StringComparer.Ordinal);

    public void Dispose()
    {
        foreach (var writer in _writers.Values)
        {
            writer.Dispose();
        }
    }
}

/// <summary>A few changed rows of the first batch, written as a second batch to show corrections.</summary>
internal sealed class DemoCorrections
{
    private const int MaxActivities = 6;
    private const int MaxAttendance = 10;
    private readonly List<ActivityRow> _activities = [];
    private readonly List<(string ActivityId, string Upn)> _absences = [];

    public void OfferActivity(ActivityRow incomplete)
    {
        if (_activities.Count < MaxActivities)
        {
            // The school found the session notes: all four PAL content items were covered after all.
            _activities.Add(incomplete with { Checklist = incomplete.Checklist | ChecklistItems.PalContent });
        }
    }

    public void OfferAbsence(string activityId, string upn)
    {
        if (_absences.Count < MaxAttendance)
        {
            // The register was wrong: the pupil was there.
            _absences.Add((activityId, upn));
        }
    }

    public void Write(string directory, Dictionary<string, long> counts)
    {
        Directory.CreateDirectory(directory);
        using (var writer = new StreamWriter(Path.Combine(directory, ImportFiles.FileName(ImportFileKind.Activities)), false, DemoFiles.Utf8))
        {
            writer.Write(DemoFiles.Header(ImportFileKind.Activities));
            foreach (var a in _activities)
            {
                writer.Write(DemoGenerator.ActivityLine(a));
                writer.Write('\n');
            }
        }

        using (var writer = new StreamWriter(Path.Combine(directory, ImportFiles.FileName(ImportFileKind.Attendance)), false, DemoFiles.Utf8))
        {
            writer.Write(DemoFiles.Header(ImportFileKind.Attendance));
            foreach (var (activityId, upn) in _absences)
            {
                writer.Write($"{activityId},{upn},true\n");
            }
        }

        counts[ImportFiles.FileName(ImportFileKind.Activities)] = _activities.Count;
        counts[ImportFiles.FileName(ImportFileKind.Attendance)] = _absences.Count;
    }
}
