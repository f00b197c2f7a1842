namespace CareersCompliance.Application.Import;

/// <summary>A refused row (or file, when <see cref="Line"/> is the header's). The reason says what to fix.</summary>
public sealed record ImportError(string File, long Line, string Column, string Value, string Reason)
{
    public override string ToString() =>
        Column.Length == 0 ? $"{File}:{Line}: {Reason}" : $"{File}:{Line}: {Column} '{Value}': {Reason}";
}

public sealed record ImportWarning(string File, long Line, string Column, string Message)
{
    public override string ToString() => Column.Length == 0 ? $"{File}:{Line}: {Message}" : $"{File}:{Line}: {Column}: {Message}";
}

/// <summary>A row that passed validation, with the physical line it starts on.</summary>
public sealed record AcceptedRow(long Line, ImportRow Row);

/// <summary>The outcome of the validation pass over one file. Nothing has been written; the caller decides.</summary>
public sealed class ImportResult
{
    internal ImportResult(
        ImportFileKind kind,
        string fileName,
        string sha256,
        long rowsRead,
        long rowsAccepted,
        IReadOnlyList<AcceptedRow> rows,
        IReadOnlyList<ImportError> errors,
        long errorCount,
        IReadOnlyList<ImportWarning> warnings,
        bool fileRefused)
    {
        Kind = kind;
        FileName = fileName;
        Sha256 = sha256;
        RowsRead = rowsRead;
        RowsAccepted = rowsAccepted;
        Rows = rows;
        Errors = errors;
        ErrorCount = errorCount;
        Warnings = warnings;
        FileRefused = fileRefused;
    }

    public ImportFileKind Kind { get; }

    public string FileName { get; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes, computed while reading.</summary>
    public string Sha256 { get; }

    /// <summary>Data rows read (header and blank lines excluded).</summary>
    public long RowsRead { get; }

    public long RowsAccepted { get; }

    /// <summary>The accepted rows in file order (empty when the options asked not to collect them).</summary>
    public IReadOnlyList<AcceptedRow> Rows { get; }

    /// <summary>The errors kept (at most <see cref="ImportOptions.MaxErrorsKept"/>); <see cref="ErrorCount"/> counts them all.</summary>
    public IReadOnlyList<ImportError> Errors { get; }

    public long ErrorCount { get; }

    public IReadOnlyList<ImportWarning> Warnings { get; }

    /// <summary>The file as a whole could not be read (missing or duplicate column, bad quoting, not UTF-8...): nothing of it may be written.</summary>
    public bool FileRefused { get; }

    public bool HasErrors => ErrorCount > 0;

    /// <summary>
    /// The rows the caller may write: all-or-nothing by default (none when any row was refused);
    /// with <paramref name="partial"/> the valid rows, unless the file itself was refused.
    /// </summary>
    public IReadOnlyList<AcceptedRow> RowsToWrite(bool partial) =>
        FileRefused || (!partial && HasErrors) ? [] : Rows;

    public IEnumerable<(long Line, T Row)> RowsOf<T>()
        where T : ImportRow =>
        Rows.Where(r => r.Row is T).Select(r => (r.Line, (T)r.Row));
}
