using System.Security.Cryptography;
using CareersCompliance.Application.Import;
using CareersCompliance.Domain.Activities;
using NodaTime;
using static CareersCompliance.Application.Tests.Import.ImportTestKit;

namespace CareersCompliance.Application.Tests.Import;

public sealed class RowValidationTests
{
    private const string ActivityHeader = "activity_id,school_urn,kind,date,start_time,end_time,delivery_mode,provider_ids,adviser_id,checklist";
    private const string PupilHeader = "upn,school_urn,forename,surname,date_of_birth,year_group,academic_year,admission_date,leaving_date";

    private static ImportError ActivityError(string row) =>
        Validate(ImportFileKind.Activities, $"{ActivityHeader}\n{row}\n").SingleError();

    [Fact]
    public void Both_date_formats_parse_to_the_same_day()
    {
        var result = Validate(ImportFileKind.Activities,
            $"{ActivityHeader}\nA1,{School},lmi_session,2027-02-28,,,,,,\nA2,{School},lmi_session,28/02/2027,,,,,,\n");

        result.RowsOf<ActivityRow>().Select(r => r.Row.Date).Should().Equal(new LocalDate(2027, 2, 28), new LocalDate(2027, 2, 28));
    }

    [Fact]
    public void Impossible_date_is_refused_with_file_line_column_and_both_formats()
    {
        var error = ActivityError($"A1,{School},lmi_session,31/02/2027,,,,,,");

        error.Should().Match<ImportError>(e => e.File == "activities.csv" && e.Line == 2 && e.Column == "date" && e.Value == "31/02/2027");
        error.Reason.Should().Be("not a real date: February 2027 has 28 days; use YYYY-MM-DD (e.g. 2027-02-28) or DD/MM/YYYY (e.g. 28/02/2027)");
    }

    [Theory]
    [InlineData("2027/02/03")]
    [InlineData("03-02-2027")]
    [InlineData("Feb 3 2027")]
    public void Other_date_formats_are_refused_naming_the_accepted_ones(string date)
    {
        ActivityError($"A1,{School},lmi_session,{date},,,,,,").Reason.Should()
            .Be("not a date; use YYYY-MM-DD (e.g. 2027-02-28) or DD/MM/YYYY (e.g. 28/02/2027)");
    }

    [Fact]
    public void Date_more_than_a_year_after_today_is_refused()
    {
        ActivityError($"A1,{School},lmi_session,2028-03-02,,,,,,").Reason.Should()
            .Be("more than a year after today (2027-03-01); check the year");
    }

    [Fact]
    public void End_time_before_start_time_is_refused()
    {
        var error = ActivityError($"A1,{School},lmi_session,2027-02-01,14:00,13:00,,,,");

        error.Should().Match<ImportError>(e => e.Column == "end_time" && e.Value == "13:00");
        error.Reason.Should().Be("end_time must be after start_time (14:00)");
    }

    [Fact]
    public void Checklist_flag_outside_the_contract_list_is_refused()
    {
        var error = ActivityError($"A1,{School},provider_encounter,2027-02-01,,,,10004417,,careers;fun");

        error.Should().Match<ImportError>(e => e.Column == "checklist" && e.Value == "fun");
    }

    [Fact]
    public void Checklist_and_lists_are_parsed()
    {
        var result = Validate(ImportFileKind.Activities,
            $"{ActivityHeader},year_groups\nA1,{School},provider_encounter,2027-02-01,10:00,11:00,live_virtual,10004417; LOCAL-1 ,," +
            "provider_info;careers;learning_like;questions,9;8\n");

        var row = result.RowsOf<ActivityRow>().Single().Row;
        row.ProviderIds.Should().Equal("10004417", "LOCAL-1");
        row.Checklist.Should().Be(ChecklistItems.PalContent);
        row.YearGroups.Should().Equal(8, 9);
        row.DeliveryMode.Should().Be(DeliveryMode.LiveVirtual);
    }

    [Fact]
    public void Guidance_meeting_without_an_adviser_is_refused()
    {
        ActivityError($"A1,{School},guidance_meeting,2027-02-01,,,,,,").Reason.Should()
            .Be("a guidance_meeting needs the adviser_id of the adviser who gave it");
    }

    [Theory]
    [InlineData("Yes", true)]
    [InlineData("n", false)]
    [InlineData("1", true)]
    [InlineData("FALSE", false)]
    [InlineData("", true)]
    public void Attended_accepts_the_usual_yes_no_spellings(string value, bool expected)
    {
        Validate(ImportFileKind.Attendance, $"activity_id,upn,attended\nA1,{UpnA},{value}\n")
            .RowsOf<AttendanceRow>().Single().Row.Attended.Should().Be(expected);
    }

    [Fact]
    public void Bad_boolean_is_refused()
    {
        Validate(ImportFileKind.Attendance, $"activity_id,upn,attended\nA1,{UpnA},maybe\n").SingleError().Reason.Should()
            .StartWith("not a yes/no value; use true or false");
    }

    [Fact]
    public void Upn_with_a_wrong_check_letter_is_refused_with_the_expected_letter()
    {
        var error = Validate(ImportFileKind.Attendance, $"activity_id,upn\nA1,{UpnA}\nA2,D343400100001\n").SingleError();

        error.Should().Match<ImportError>(e => e.Line == 3 && e.Column == "upn" && e.Value == "D343400100001");
        error.Reason.Should().Be("the check letter does not match the rest of the UPN (expected C); check for a typing error");
    }

    [Fact]
    public void Row_with_the_wrong_number_of_fields_is_refused()
    {
        Validate(ImportFileKind.Attendance, $"activity_id,upn,attended\nA1,{UpnA}\n").SingleError().Reason.Should()
            .StartWith("this row has 2 fields but the header has 3");
    }

    [Fact]
    public void Year_group_is_derived_from_date_of_birth_when_blank_and_a_retained_pupil_is_flagged()
    {
        var result = Validate(ImportFileKind.Pupils,
            $"{PupilHeader}\n{UpnA},{School},Ada,Li,2013-09-01,,2024/25,,\n{UpnB},{School},Bo,Li,2012-08-31,7,2024/25,,\n");

        var rows = result.RowsOf<PupilRow>().Select(r => r.Row).ToList();
        rows[0].Should().Match<PupilRow>(p => p.YearGroup == 6 && p.RecordedYearGroup == null && !p.YearGroupDiffersFromAge);
        rows[1].Should().Match<PupilRow>(p => p.YearGroup == 7 && p.DerivedYearGroup == 8 && p.YearGroupDiffersFromAge);
    }

    [Fact]
    public void Leaving_before_admission_is_refused()
    {
        var error = Validate(ImportFileKind.Pupils, $"{PupilHeader}\n{UpnA},{School},Ada,Li,2013-03-01,8,2025/26,2025-09-01,2025-07-01\n")
            .SingleError();

        error.Should().Match<ImportError>(e => e.Column == "leaving_date" && e.Reason == "leaving_date is before admission_date (2025-09-01)");
    }

    [Fact]
    public void Academic_year_must_run_into_the_next_year()
    {
        Validate(ImportFileKind.Pupils, $"{PupilHeader}\n{UpnA},{School},Ada,Li,2013-03-01,8,2025/27,,\n").SingleError().Column
            .Should().Be("academic_year");
    }

    [Fact]
    public void Duplicate_key_is_refused_naming_both_lines()
    {
        var result = Validate(ImportFileKind.Attendance, $"activity_id,upn\nA1,{UpnA}\nA1,{UpnB}\nA1,{UpnA}\n");

        result.SingleError().Reason.Should().Be($"duplicate activity_id+upn 'A1+{UpnA}': lines 2 and 4 have the same key; keep one of them");
        result.RowsAccepted.Should().Be(2);
    }

    [Fact]
    public void Unknown_reference_is_refused()
    {
        var references = new InMemoryReferenceLookup();
        references.Add(ReferenceKind.Activity, "A1");
        references.Add(ReferenceKind.Pupil, UpnA);

        var error = Validate(ImportFileKind.Attendance, $"activity_id,upn\nA1,{UpnA}\nA2,{UpnA}\n", references).SingleError();

        error.Should().Match<ImportError>(e => e.Line == 3 && e.Column == "activity_id" && e.Reason.StartsWith("unknown activity 'A2'"));
    }

    [Fact]
    public void Provider_id_is_a_ukprn_or_a_local_id()
    {
        var result = Validate(ImportFileKind.Providers,
            "provider_id,name,kind,offers_technical\n10004417,College,fe_college,true\nLOCAL-1,Army,employer,no\n1234567,Short,itp,true\n");

        result.RowsAccepted.Should().Be(2);
        result.SingleError().Reason.Should().StartWith("a UKPRN has 8 digits; this has 7");
    }

    [Fact]
    public void Any_refused_row_withholds_the_whole_file_unless_partial()
    {
        var result = Validate(ImportFileKind.Attendance, $"activity_id,upn\nA1,{UpnA}\nA2,not-a-upn\n");

        result.RowsToWrite(partial: false).Should().BeEmpty();
        result.RowsToWrite(partial: true).Select(r => r.Line).Should().Equal(2);
    }

    [Fact]
    public void Byte_order_mark_is_accepted_and_the_hash_is_of_the_file_bytes()
    {
        var bytes = Bytes($"activity_id,upn\nA1,{UpnA}\n", bom: true);

        var result = Validate(ImportFileKind.Attendance, bytes);

        result.Errors.Should().BeEmpty();
        result.Sha256.Should().Be(Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Fact]
    public void File_that_is_not_utf8_is_refused_with_a_fix()
    {
        byte[] bytes = [.. Bytes("activity_id,upn,title\nA1,"), 0xE9, .. Bytes("\n")];

        var result = Validate(ImportFileKind.Attendance, bytes);

        result.FileRefused.Should().BeTrue();
        result.Errors[^1].Reason.Should().Contain("save it as \"CSV UTF-8\"");
    }
}
