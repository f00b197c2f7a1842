using CareersCompliance.Application.Import;
using static CareersCompliance.Application.Tests.Import.ImportTestKit;

namespace CareersCompliance.Application.Tests.Import;

public sealed class HeaderTests
{
    [Fact]
    public void Mis_spellings_of_pupil_columns_are_accepted()
    {
        var result = Validate(
            ImportFileKind.Pupils,
            $"UPN,URN,Legal Forename,Legal Surname,DOB,NC Year Actual,Academic_Year,Date of Admission\n" +
            $"{UpnA},{School},Ada,Lovelace,15/03/2013,7,2024/25,01/09/2024\n");

        result.Errors.Should().BeEmpty();
        var pupil = result.RowsOf<PupilRow>().Single().Row;
        pupil.Should().Match<PupilRow>(p => p.Forename == "Ada" && p.Surname == "Lovelace" && p.YearGroup == 7);
    }

    [Fact]
    public void Unknown_column_is_ignored_with_a_warning_naming_it()
    {
        var result = Validate(ImportFileKind.Attendance, $"activity_id,upn,Tutor Group\nACT-1,{UpnA},7X\n");

        result.Errors.Should().BeEmpty();
        result.Warnings.Should().ContainSingle().Which.Message.Should().Contain("'Tutor Group'");
        result.RowsAccepted.Should().Be(1);
    }

    [Fact]
    public void An_ignored_column_is_named_against_the_kind_of_file_not_the_file_given()
    {
        using var stream = new MemoryStream(Bytes($"activity_id,upn,Tutor Group\nACT-1,{UpnA},7X\n"));

        var result = ImportValidator.Validate(ImportFileKind.Attendance, stream, "extra_col.csv", new ImportOptions(Today));

        var warning = result.Warnings.Should().ContainSingle().Which;
        warning.File.Should().Be("extra_col.csv", "the warning still says which file it is about");
        warning.Message.Should().Be("ignored column 'Tutor Group': not a column of attendance.csv");
    }

    [Fact]
    public void Missing_required_column_refuses_the_file_naming_column_and_file()
    {
        var result = Validate(ImportFileKind.Attendance, $"activity_id,attended\nACT-1,true\n");

        result.FileRefused.Should().BeTrue();
        var error = result.SingleError();
        error.Should().Match<ImportError>(e => e.File == "attendance.csv" && e.Line == 1 && e.Column == "upn");
        error.Reason.Should().StartWith("required column upn is missing from attendance.csv");
        result.RowsToWrite(partial: true).Should().BeEmpty();
    }

    [Fact]
    public void Two_headers_for_one_column_refuse_the_file()
    {
        var result = Validate(ImportFileKind.Attendance, $"activity_id,UPN,Unique Pupil Number\nACT-1,{UpnA},{UpnA}\n");

        result.FileRefused.Should().BeTrue();
        result.SingleError().Reason.Should().Contain("'UPN' (position 2) and 'Unique Pupil Number' (position 3) both mean column upn");
    }

    [Fact]
    public void Empty_file_is_refused()
    {
        Validate(ImportFileKind.Schools, string.Empty).SingleError().Reason.Should().Be("schools.csv is empty; it needs a header row");
    }
}
