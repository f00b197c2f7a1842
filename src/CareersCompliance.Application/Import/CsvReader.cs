using System.Text;
using Lib = CsvHelper;

namespace CareersCompliance.Application.Import;

/// <summary>Size caps that keep a broken or hostile file from exhausting memory.</summary>
public sealed record CsvLimits(int MaxFieldChars = 64 * 1024, int MaxRecordChars = 1024 * 1024, int MaxFields = 1024)
{
    public static CsvLimits Default { get; } = new();
}

public enum CsvReadStatus
{
    /// <summary>A record was read; <see cref="CsvReader.Error"/> may still describe a recoverable quoting problem in it.</summary>
    Record,

    /// <summary>No more records (also returned after a fatal error).</summary>
    EndOfFile,

    /// <summary>The file cannot be read further; <see cref="CsvReader.Error"/> says why.</summary>
    FatalError,
}

/// <summary>
/// Streaming RFC 4180 reading for the import contract, over CsvHelper: one record at a time, with the physical line on
/// which each record starts and the contract's messages for quoting problems (with the line of the quote) and limits.
/// </summary>
public sealed class CsvReader : IDisposable
{
    private readonly Lib.CsvReader _csv;
    private readonly CsvLimits _limits;
    private Lib.CsvMalformedRecord? _malformed;
    private char[] _record = new char[4096];
    private int[] _fieldEnds = new int[64];
    private int _fieldCount;
    private bool _finished;

    public CsvReader(TextReader reader, CsvLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _limits = limits ?? CsvLimits.Default;
        _csv = Lib.CsvReader.Create(reader, new Lib.CsvReaderOptions
        {
            Separator = ',',
            HasHeader = false,
            TrackLineNumbers = true,
            // Why keep the first only: a record is reported once, with its first quoting problem.
            OnMalformedRecord = m => _malformed ??= m,
            // Why: an unclosed quote must not pull the rest of a large file into memory (a char is at most 3 UTF-8 bytes here).
            MaxRecordSize = Math.Max(_limits.MaxRecordChars * 3 + 4, 1 << 16),
        }, leaveOpen: true);
    }

    /// <summary>Physical line (1-based) on which the current record starts.</summary>
    public long LineNumber { get; private set; }

    public int FieldCount => _fieldCount;

    /// <summary>What is wrong with the current record (or, after <see cref="CsvReadStatus.FatalError"/>, the file).</summary>
    public string? Error { get; private set; }

    public ReadOnlySpan<char> GetSpan(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _fieldCount);
        var start = index == 0 ? 0 : _fieldEnds[index - 1];
        return _record.AsSpan(start, _fieldEnds[index] - start);
    }

    public string GetString(int index) => new(GetSpan(index));

    public CsvReadStatus Read()
    {
        if (_finished)
        {
            return CsvReadStatus.EndOfFile;
        }

        while (true)
        {
            var status = ReadOne(out var blank);
            // Blank lines (often trailing) carry no data; a line of just "" is one too, as spreadsheet users expect.
            if (!blank)
            {
                return status;
            }
        }
    }

    public void Dispose() => _csv.Dispose();

    private CsvReadStatus ReadOne(out bool blank)
    {
        blank = false;
        _fieldCount = 0;
        _malformed = null;
        Error = null;
        try
        {
            if (!_csv.Read())
            {
                _finished = true;
                return CsvReadStatus.EndOfFile;
            }
        }
        catch (DecoderFallbackException)
        {
            return Fatal($"the file is not valid UTF-8 near line {LineNumber + 1}; save it as \"CSV UTF-8\"");
        }
        catch (Lib.CsvFormatException e)
        {
            // The only format error left to throw is a record past MaxRecordSize (quoting problems are recovered).
            LineNumber = e.LineNumber > 0 ? e.LineNumber : LineNumber + 1;
            return Fatal($"the record starting at line {LineNumber} is longer than {_limits.MaxRecordChars} characters (is a closing quote missing?)");
        }

        LineNumber = _csv.LineNumber;
        if (CopyFields() is { } tooLarge)
        {
            return Fatal(tooLarge);
        }

        if (_malformed is { } m && m.LineNumber == LineNumber)
        {
            switch (m.Reason)
            {
                case Lib.CsvMalformedReason.UnterminatedQuote:
                    return Fatal($"unterminated quoted field: the quote opened at line {LineNumber + BreaksBeforeLastField()} is never closed");
                case Lib.CsvMalformedReason.StrayQuote:
                    Error = $"a quote inside an unquoted field on line {LineOf(m.ByteOffset)}: put the whole field in quotes and double the quote (\"\")";
                    break;
                case Lib.CsvMalformedReason.TextAfterClosingQuote:
                    Error = $"text after a closing quote on line {LineOf(m.ByteOffset)}: a quote inside a quoted field must be doubled (\"\")";
                    break;
            }
        }

        blank = _fieldCount == 1 && _fieldEnds[0] == 0 && Error is null;
        return CsvReadStatus.Record;
    }

    /// <summary>Decodes the record's fields into one char buffer, checking the limits; returns what is too large, if anything.</summary>
    private string? CopyFields()
    {
        var count = _csv.FieldCount;
        if (count > _limits.MaxFields)
        {
            return $"the record starting at line {LineNumber} has more than {_limits.MaxFields} fields";
        }

        if (count > _fieldEnds.Length)
        {
            Array.Resize(ref _fieldEnds, Math.Max(count, _fieldEnds.Length * 2));
        }

        var length = 0;
        for (var i = 0; i < count; i++)
        {
            var bytes = _csv.GetSpan(i);
            var chars = Encoding.UTF8.GetCharCount(bytes);
            if (chars > _limits.MaxFieldChars)
            {
                return $"field {i + 1} of the record starting at line {LineNumber} is longer than {_limits.MaxFieldChars} characters " +
                       "(is a closing quote missing?)";
            }

            if (length + chars > _limits.MaxRecordChars)
            {
                return $"the record starting at line {LineNumber} is longer than {_limits.MaxRecordChars} characters (is a closing quote missing?)";
            }

            if (length + chars > _record.Length)
            {
                Array.Resize(ref _record, Math.Min(Math.Max(length + chars, _record.Length * 2), _limits.MaxRecordChars));
            }

            length += Encoding.UTF8.GetChars(bytes, _record.AsSpan(length));
            _fieldEnds[i] = length;
        }

        _fieldCount = count;
        return null;
    }

    /// <summary>The physical line of a byte offset inside the current record.</summary>
    private long LineOf(long byteOffset)
    {
        var raw = _csv.RawRecord;
        var within = (int)Math.Clamp(byteOffset - _csv.ByteOffset, 0, raw.Length);
        return LineNumber + LineBreaks(raw[..within]);
    }

    /// <summary>Line breaks inside the fields before the last one: an unclosed quote always opens the record's last field.</summary>
    private int BreaksBeforeLastField()
    {
        var breaks = 0;
        for (var i = 0; i < _csv.FieldCount - 1; i++)
        {
            breaks += LineBreaks(_csv.GetRawSpan(i));
        }

        return breaks;
    }

    // CR, LF and CR LF each end a line, as the reader counts them.
    private static int LineBreaks(ReadOnlySpan<byte> bytes)
    {
        var breaks = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n' || (bytes[i] == (byte)'\r' && (i + 1 == bytes.Length || bytes[i + 1] != (byte)'\n')))
            {
                breaks++;
            }
        }

        return breaks;
    }

    private CsvReadStatus Fatal(string message)
    {
        _finished = true;
        _fieldCount = 0;
        Error = message;
        return CsvReadStatus.FatalError;
    }
}
