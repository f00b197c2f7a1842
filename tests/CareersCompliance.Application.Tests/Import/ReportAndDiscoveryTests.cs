using CareersCompliance.Application.Import;

namespace CareersCompliance.Application.Tests.Import;

public sealed class ReportAndDiscoveryTests
{
    [Fact]
    public void Refused_rows_report_neutralises_formulas_and_quotes_as_needed()
    {
        var writer = new StringWriter();

        RefusedRowsReport.Write(writer, [
            new ImportError("pupils.csv", 7, "surname", "=HYPERLINK(\"x\")", "bad"),
            new ImportError("pupils.csv", 8, "forename", "+1", "a, b"),
            new ImportError("pupils.csv", 9, "forename", "@SUM", "-x"),
        ]);

        writer.ToString().Should().Be(
            "file,line,column,value,reason\n" +
            "pupils.csv,7,surname,\"'=HYPERLINK(\"\"x\"\")\",bad\n" +
            "pupils.csv,8,forename,'+1,\"a, b\"\n" +
            "pupils.csv,9,forename,'@SUM,'-x\n");
    }

    [Theory]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "'\rcmd")]
    [InlineData("Smith", "Smith")]
    public void Neutralise_prefixes_only_dangerous_first_characters(string value, string expected) =>
        CsvText.Neutralise(value).Should().Be(expected);

    [Fact]
    public void Directory_files_come_in_contract_order_and_others_are_listed_as_ignored()
    {
        var dir = Directory.CreateTempSubdirectory("cc-discover-").FullName;
        foreach (var name in new[] { "attendance.csv", "Schools.csv", "pupils.csv", "notes.csv", "readme.txt" })
        {
            File.WriteAllText(Path.Combine(dir, name), "x\n");
        }

        var listing = ImportFiles.Discover(dir);

        listing.Files.Select(f => f.Kind).Should().Equal(ImportFileKind.Schools, ImportFileKind.Pupils, ImportFileKind.Attendance);
        listing.IgnoredCsvFiles.Select(Path.GetFileName).Should().Equal("notes.csv");
        Directory.Delete(dir, recursive: true);
    }

    [Theory]
    [InlineData("schools", ImportFileKind.Schools)]
    [InlineData("Attendance", ImportFileKind.Attendance)]
    [InlineData("destinations.csv", ImportFileKind.Destinations)]
    public void Kind_names_map_to_files(string word, ImportFileKind kind)
    {
        ImportFiles.TryParseKind(word, out var parsed).Should().BeTrue();
        parsed.Should().Be(kind);
    }

    [Fact]
    public void Unknown_kind_lists_the_accepted_words()
    {
        ImportFiles.TryParseKind("pupil", out _).Should().BeFalse();
        ImportFiles.UnknownKindMessage("pupil").Should()
            .Be("'pupil' is not an import kind; use one of: schools, providers, advisers, pupils, activities, attendance, destinations");
    }
}
