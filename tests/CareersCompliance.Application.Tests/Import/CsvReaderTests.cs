using CareersCompliance.Application.Import;

namespace CareersCompliance.Application.Tests.Import;

public sealed class CsvReaderTests
{
    private static List<(long Line, string[] Fields, string? Error)> ReadAll(string text, CsvLimits? limits = null)
    {
        using var reader = new CsvReader(new StringReader(text), limits);
        var records = new List<(long, string[], string?)>();
        while (reader.Read() is var status && status != CsvReadStatus.EndOfFile)
        {
            if (status == CsvReadStatus.FatalError)
            {
                records.Add((reader.LineNumber, [], reader.Error));
                break;
            }

            records.Add((reader.LineNumber, Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray(), reader.Error));
        }

        return records;
    }

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_newlines_and_lines_count_physically()
    {
        var records = ReadAll("a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\r\nlast,row\n");

        records.Select(r => r.Line).Should().Equal(1, 2, 4);
        records[1].Fields.Should().Equal("x, y", "say \"hi\"\nthere");
        records[2].Fields.Should().Equal("last", "row");
    }

    [Fact]
    public void Byte_order_mark_and_blank_lines_are_ignored()
    {
        var records = ReadAll("\uFEFFupn\n\nA1\n\n");

        records.Select(r => r.Fields[0]).Should().Equal("upn", "A1");
    }

    [Fact]
    public void Empty_trailing_field_is_kept()
    {
        ReadAll("a,b,\n")[0].Fields.Should().Equal("a", "b", string.Empty);
    }

    [Fact]
    public void Unterminated_quote_is_fatal_and_names_the_line_it_opened_on()
    {
        var records = ReadAll("a,b\nx,\"never closed\ny,z\n");

        records[^1].Error.Should().Be("unterminated quoted field: the quote opened at line 2 is never closed");
    }

    [Fact]
    public void Unterminated_quote_after_a_multi_line_field_names_the_line_the_quote_is_on()
    {
        var records = ReadAll("a,b\n\"p\nq\",\"never closed\ny,z\n");

        records[^1].Error.Should().Be("unterminated quoted field: the quote opened at line 3 is never closed");
    }

    [Fact]
    public void Stray_quote_on_the_second_line_of_a_record_names_that_line_and_the_record_keeps_its_first()
    {
        var records = ReadAll("a,b\n\"p\nq\",x\"y\nok,fine\n");

        records.Select(r => r.Line).Should().Equal(1, 2, 4);
        records[1].Error.Should().StartWith("a quote inside an unquoted field on line 3");
        records[2].Error.Should().BeNull();
    }

    [Fact]
    public void Text_after_a_closing_quote_marks_only_its_own_record()
    {
        var records = ReadAll("a,b\n\"x\"y,z\nok,fine\n");

        records[1].Error.Should().StartWith("text after a closing quote on line 2");
        records[2].Error.Should().BeNull();
    }

    [Fact]
    public void Oversized_field_stops_reading_instead_of_growing_without_bound()
    {
        var records = ReadAll("a\n\"" + new string('x', 200) + "\"\n", new CsvLimits(MaxFieldChars: 100));

        records[^1].Error.Should().Contain("field 1 of the record starting at line 2 is longer than 100 characters");
    }

    [Fact]
    public void Stray_quote_marks_only_its_own_record()
    {
        var records = ReadAll("a,b\nx\"y,z\nok,fine\n");

        records[1].Error.Should().Contain("a quote inside an unquoted field on line 2");
        records[2].Error.Should().BeNull();
    }
}
