using System.Globalization;
using System.Text;

namespace CareersCompliance.Application.Import;

/// <summary>
/// The validation pass over one contract file: streams it, checks every row, and returns typed rows with their
/// line numbers, errors and warnings. It writes nothing.
/// </summary>
public static class ImportValidator
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ImportResult ValidateFile(ImportFileKind kind, string path, ImportOptions options)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Validate(kind, stream, Path.GetFileName(path), options);
    }

    public static ImportResult Validate(ImportFileKind kind, Stream content, string fileName, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        using var hashing = new HashingReadStream(content);
        using var text = new StreamReader(hashing, StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var pass = new Pass(kind, fileName, options);
        using (var csv = new CsvReader(text, options.Limits))
        {
            pass.Run(csv);
        }

        var sha = hashing.Finish();
        return pass.Result(sha);
    }

    private sealed class Pass(ImportFileKind kind, string file, ImportOptions options)
    {
        private readonly List<ImportError> _errors = [];
        private readonly List<ImportWarning> _warnings = [];
        private readonly List<AcceptedRow> _rows = [];
        private readonly Dictionary<UInt128, long> _keys = [];

        // Pupils: the facts of one pupil in one academic year, whichever school's row gives them (one per pupil-year).
        private readonly Dictionary<UInt128, (long Line, string Facts)> _pupilYears = [];
        private long _errorCount;
        private long _rowsRead;
        private long _rowsAccepted;
        private bool _fileRefused;

        public void Run(CsvReader csv)
        {
            var status = csv.Read();
            if (status != CsvReadStatus.Record)
            {
                Refuse(csv.LineNumber, status == CsvReadStatus.FatalError ? csv.Error! : $"{file} is empty; it needs a header row");
                return;
            }

            var headers = Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToList();
            var columns = ImportColumns.For(kind);
            var headerErrors = new List<ImportError>();
            var map = HeaderMap.Build(columns, headers, file, ImportFiles.FileName(kind), csv.LineNumber, headerErrors, _warnings);
            if (map is null)
            {
                foreach (var e in headerErrors)
                {
                    Report(e);
                }

                _fileRefused = true;
                return;
            }

            var row = new RowReader(csv, map, columns, file, options, Report);
            var parse = ParserFor(kind);
            while ((status = csv.Read()) == CsvReadStatus.Record)
            {
                _rowsRead++;
                row.Reset(csv.LineNumber);
                ReadRow(csv, map, row, parse);
            }

            if (status == CsvReadStatus.FatalError)
            {
                Refuse(csv.LineNumber, csv.Error! + "; nothing of this file can be imported until it is fixed");
            }
        }

        private void ReadRow(CsvReader csv, HeaderMap map, RowReader row, Func<RowReader, ImportRow?> parse)
        {
            if (csv.Error is not null)
            {
                row.Fail(-1, default, csv.Error);
                return;
            }

            if (csv.FieldCount != map.HeaderFields)
            {
                row.Fail(-1, default, $"this row has {csv.FieldCount} fields but the header has {map.HeaderFields}; " +
                                      "check for a missing or extra comma, or an unquoted comma inside a value");
                return;
            }

            var parsed = parse(row);
            if (parsed is null || row.Failed)
            {
                return;
            }

            var hash = KeyHash(parsed.Key);
            if (!_keys.TryAdd(hash, row.Line))
            {
                var key = parsed.Key.Replace('|', '+');
                row.Fail(-1, key, $"duplicate {KeyName(kind)} '{key}': lines {_keys[hash]} and {row.Line} have the same key; keep one of them");
                return;
            }

            if (parsed is PupilRow pupil && ConflictingPupilYear(pupil, row.Line) is { } conflict)
            {
                _keys.Remove(hash);
                row.Fail(-1, pupil.Upn, conflict);
                return;
            }

            _rowsAccepted++;
            var accepted = new AcceptedRow(row.Line, parsed);
            if (options.CollectRows)
            {
                _rows.Add(accepted);
            }

            options.OnRowAccepted?.Invoke(accepted);
        }

        public ImportResult Result(string sha) =>
            new(kind, file, sha, _rowsRead, _rowsAccepted, _rows, _errors, _errorCount, _warnings, _fileRefused);

        private void Refuse(long line, string reason)
        {
            _fileRefused = true;
            Report(new ImportError(file, line, string.Empty, string.Empty, reason));
        }

        private void Report(ImportError error)
        {
            _errorCount++;
            if (_errors.Count < options.MaxErrorsKept)
            {
                _errors.Add(error);
            }
        }

        /// <summary>
        /// A pupil on two rolls in one year (a move, or dual registration) has a row at each school (key upn + school_urn +
        /// academic_year); the year group and the pupil's statuses that year are one fact, so the rows must agree, or
        /// re-imports would flip them back and forth.
        /// </summary>
        private string? ConflictingPupilYear(PupilRow p, long line)
        {
            var facts = Invariant($"year_group {p.YearGroup}, sen {p.Sen}, looked_after {p.LookedAfter}, considering_he {p.ConsideringHe}, sharing_objection {p.SharingObjection}, disadvantaged {p.Disadvantaged}");
            var key = KeyHash(p.Upn + "|" + p.AcademicYear.ToString());
            if (_pupilYears.TryGetValue(key, out var seen))
            {
                return string.Equals(seen.Facts, facts, StringComparison.Ordinal)
                    ? null
                    : $"upn '{p.Upn}' in {p.AcademicYear} has {seen.Facts} on line {seen.Line} but {facts} here; a pupil's rows at two schools in one year must agree";
            }

            _pupilYears[key] = (line, facts);
            return null;
        }

        private static string KeyName(ImportFileKind kind) => kind switch
        {
            ImportFileKind.Schools => "urn",
            ImportFileKind.Providers => "provider_id",
            ImportFileKind.Advisers => "adviser_id",
            ImportFileKind.Pupils => "upn+school_urn+academic_year",
            ImportFileKind.Activities => "activity_id",
            ImportFileKind.Attendance => "activity_id+upn",
            ImportFileKind.Destinations => "upn+kind+recorded_on",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        // Why: two independent 64-bit hashes keep a million-row duplicate check at ~24 bytes a key; a false match
        // needs both to collide at once, which is negligible at any file size we read; no key strings are held.
        private static UInt128 KeyHash(string key)
        {
            var a = 14695981039346656037UL;
            var b = 0x9E3779B97F4A7C15UL;
            foreach (var c in key)
            {
                a = unchecked((a ^ c) * 1099511628211UL);
                b = unchecked((b + c) * 0xBF58476D1CE4E5B9UL);
                b ^= b >> 31;
            }

            return new UInt128(a, b);
        }
    }

    private static Func<RowReader, ImportRow?> ParserFor(ImportFileKind kind) => kind switch
    {
        ImportFileKind.Schools => RowParsers.School,
        ImportFileKind.Providers => RowParsers.Provider,
        ImportFileKind.Advisers => RowParsers.Adviser,
        ImportFileKind.Pupils => RowParsers.Pupil,
        ImportFileKind.Activities => RowParsers.Activity,
        ImportFileKind.Attendance => RowParsers.Attendance,
        ImportFileKind.Destinations => RowParsers.Destination,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
