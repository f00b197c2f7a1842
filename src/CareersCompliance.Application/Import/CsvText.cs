namespace CareersCompliance.Application.Import;

/// <summary>Writes CSV fields safely: RFC 4180 quoting, and spreadsheet formula injection neutralised.</summary>
public static class CsvText
{
    /// <summary>
    /// A value a spreadsheet would run as a formula (starting with = + - @, tab or carriage return)
    /// gets a leading apostrophe so that it shows as text.
    /// </summary>
    public static string Neutralise(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
    }

    /// <summary>The field as it goes in the file: neutralised, then quoted when it holds a comma, quote or line break.</summary>
    public static string Field(string? value)
    {
        var text = Neutralise(value ?? string.Empty);
        return text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static void WriteRow(TextWriter writer, params ReadOnlySpan<string?> fields)
    {
        ArgumentNullException.ThrowIfNull(writer);
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            writer.Write(Field(fields[i]));
        }

        writer.Write('\n');
    }
}

/// <summary>The refused-rows report: one CSV line per error, so a data manager can fix the source file.</summary>
public static class RefusedRowsReport
{
    public static void Write(TextWriter writer, IEnumerable<ImportError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        CsvText.WriteRow(writer, "file", "line", "column", "value", "reason");
        foreach (var e in errors)
        {
            CsvText.WriteRow(writer, e.File, e.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Column, e.Value, e.Reason);
        }
    }

    public static void Write(string path, IEnumerable<ImportError> errors)
    {
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(writer, errors);
    }
}
