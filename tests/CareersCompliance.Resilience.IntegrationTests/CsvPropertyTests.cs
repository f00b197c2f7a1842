using CareersCompliance.Application.Import;
using FsCheck;
using FsCheck.Fluent;

namespace CareersCompliance.Resilience.IntegrationTests;

/// <summary>Property-based tests of the CSV reader and writer: generated input, not hand-picked examples.</summary>
public sealed class CsvPropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Fact]
    public void the_csv_reader_never_throws_on_arbitrary_input_it_reports_errors_instead() =>
        Check.One(Runs, Prop.ForAll<string>(text =>
        {
            using var reader = new CsvReader(new StringReader(text ?? ""), new CsvLimits(MaxFieldChars: 64, MaxRecordChars: 256, MaxFields: 16));
            for (var i = 0; i < 10_000; i++)
            {
                var status = reader.Read();
                if (status == CsvReadStatus.FatalError)
                {
                    return reader.Error is { Length: > 0 };
                }

                if (status == CsvReadStatus.EndOfFile)
                {
                    return true;
                }
            }

            return false;
        }));

    [Fact]
    public void what_csv_text_writes_the_reader_reads_back_neutralised() =>
        Check.One(Runs, Prop.ForAll<string[][]>(rows =>
        {
            // Why drop single empty fields: such a record is an empty line, which the reader skips by design.
            var records = (rows ?? []).Where(r => r is { Length: > 0 }).Select(r => r.Select(f => f ?? "").ToArray()).Where(r => r is not [""]).ToArray();
            var writer = new StringWriter { NewLine = "\r\n" };
            foreach (var r in records)
            {
                CsvText.WriteRow(writer, r);
            }

            using var reader = new CsvReader(new StringReader(writer.ToString()));
            foreach (var expected in records)
            {
                if (reader.Read() != CsvReadStatus.Record || reader.FieldCount != expected.Length)
                {
                    return false;
                }

                for (var i = 0; i < expected.Length; i++)
                {
                    if (!string.Equals(reader.GetString(i), CsvText.Neutralise(expected[i]), StringComparison.Ordinal))
                    {
                        return false;
                    }
                }
            }

            return true;
        }));
}
