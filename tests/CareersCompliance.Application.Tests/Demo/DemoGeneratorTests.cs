using CareersCompliance.Application.Demo;
using CareersCompliance.Application.Import;

namespace CareersCompliance.Application.Tests.Demo;

public sealed class DemoGeneratorTests : IDisposable
{
    private static readonly DemoOptions Small = new() { Seed = 7, Schools = 4, Pupils = 600 };
    private readonly string _root = Directory.CreateTempSubdirectory("cc-demo-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Dir(string name) => Path.Combine(_root, name);

    private static Dictionary<string, byte[]> Contents(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes, StringComparer.Ordinal);

    [Fact]
    public void Same_seed_writes_byte_identical_files()
    {
        DemoGenerator.Write(Dir("a"), Small);
        DemoGenerator.Write(Dir("b"), Small);

        var a = Contents(Dir("a"));
        var b = Contents(Dir("b"));
        a.Keys.Should().BeEquivalentTo(b.Keys);
        a.Should().AllSatisfy(file => file.Value.Should().Equal(b[file.Key], file.Key));
    }

    [Fact]
    public void Another_seed_writes_other_pupils()
    {
        DemoGenerator.Write(Dir("a"), Small);
        DemoGenerator.Write(Dir("b"), Small with { Seed = 8 });

        File.ReadAllBytes(Path.Combine(Dir("a"), "pupils.csv")).Should().NotEqual(File.ReadAllBytes(Path.Combine(Dir("b"), "pupils.csv")));
    }

    [Fact]
    public void Generated_files_pass_validation_in_contract_order_and_corrections_change_existing_rows()
    {
        var summary = DemoGenerator.Write(Dir("a"), Small);
        var options = new ImportOptions(summary.Today);
        var references = new InMemoryReferenceLookup();
        var activities = new Dictionary<string, ActivityRow>(StringComparer.Ordinal);
        var attendance = new HashSet<string>(StringComparer.Ordinal);

        foreach (var file in ImportFiles.Discover(Dir("a")).Files)
        {
            var result = ImportValidator.ValidateFile(file.Kind, file.Path, options with { References = references });

            result.Errors.Should().BeEmpty(file.Path);
            result.Warnings.Should().BeEmpty(file.Path);
            result.RowsAccepted.Should().Be(summary.RowsPerFile[ImportFiles.FileName(file.Kind)]).And.BePositive(file.Path);
            references.AddWritten(result, partial: false);
            foreach (var (_, row) in result.RowsOf<ActivityRow>())
            {
                activities[row.ActivityId] = row;
            }

            attendance.UnionWith(result.RowsOf<AttendanceRow>().Select(r => r.Row.Key));
        }

        var corrected = ImportValidator.ValidateFile(ImportFileKind.Activities,
            Path.Combine(summary.CorrectionsDirectory!, "activities.csv"), options with { References = references });
        var reregistered = ImportValidator.ValidateFile(ImportFileKind.Attendance,
            Path.Combine(summary.CorrectionsDirectory!, "attendance.csv"), options with { References = references });

        corrected.Errors.Concat(reregistered.Errors).Should().BeEmpty();
        corrected.RowsOf<ActivityRow>().Should().NotBeEmpty()
            .And.AllSatisfy(c => c.Row.SameValuesAs(activities[c.Row.ActivityId]).Should().BeFalse());
        reregistered.RowsOf<AttendanceRow>().Should().NotBeEmpty()
            .And.AllSatisfy(c => attendance.Should().Contain(c.Row.Key));
    }

    [Fact]
    public void Summary_names_the_three_trusts_and_their_schools()
    {
        var summary = DemoGenerator.Write(Dir("a"), Small with { Schools = 6 });

        summary.Trusts.Select(t => t.Name).Should()
            .Equal("Lydiate Learning Trust", "Liberty Academy Trust", "John Taylor Multi Academy Trust");
        summary.Schools.Should().HaveCount(6);
        summary.Schools.Where(s => string.Equals(s.TrustId, "LAT", StringComparison.Ordinal)).Should().OnlyContain(s => s.LowestYear == 7 && s.HighestYear == 14);
        summary.Schools.Where(s => string.Equals(s.TrustId, "JTMAT", StringComparison.Ordinal)).Select(s => s.HighestYear).Should().Contain([11, 13]);
    }
}
