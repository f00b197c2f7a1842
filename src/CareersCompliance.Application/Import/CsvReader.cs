using System.Buffers;
using System.Text;

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
/// Streaming RFC 4180 reader: one record at a time, fields unescaped into a reused buffer,
/// with the physical line on which each record starts.
/// </summary>
public sealed class CsvReader
{
    private static readonly SearchValues<char> UnquotedStops = SearchValues.Create(",\r\n\"");
    private static readonly SearchValues<char> QuotedStops = SearchValues.Create("\"\n");

    private readonly TextReader _reader;
    private readonly CsvLimits _limits;
    private readonly char[] _buffer = new char[64 * 1024];
    private char[] _record = new char[4096];
    private int[] _fieldEnds = new int[64];
    private int _pos;
    private int _len;
    private bool _eof;
    private bool _started;
    private bool _fatal;
    private int _recordLength;
    private int _fieldStart;
    private int _fieldCount;
    private long _line = 1;

    public CsvReader(TextReader reader, CsvLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        _limits = limits ?? CsvLimits.Default;
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
        if (_fatal)
        {
            return CsvReadStatus.EndOfFile;
        }

        try
        {
            while (true)
            {
                _recordLength = 0;
                _fieldStart = 0;
                _fieldCount = 0;
                Error = null;
                LineNumber = _line;
                if (!EnsureData())
                {
                    return CsvReadStatus.EndOfFile;
                }

                var status = ParseRecord();
                // Blank lines (often trailing) carry no data; skipping them is what spreadsheet users expect.
                if (status == CsvReadStatus.Record && _fieldCount == 1 && _recordLength == 0 && Error is null)
                {
                    continue;
                }

                return status;
            }
        }
        catch (DecoderFallbackException)
        {
            return Fatal($"the file is not valid UTF-8 near line {_line}; save it as \"CSV UTF-8\"");
        }
        catch (LimitExceededException e)
        {
            return Fatal(e.Message);
        }
    }

    private CsvReadStatus ParseRecord()
    {
        while (true)
        {
            if (!EnsureData())
            {
                EndField();
                return CsvReadStatus.Record;
            }

            var quoted = _buffer[_pos] == '"';
            if (quoted)
            {
                var outcome = ParseQuoted();
                if (outcome != FieldEnd.Continue)
                {
                    if (outcome == FieldEnd.Fatal)
                    {
                        return CsvReadStatus.FatalError;
                    }

                    if (outcome == FieldEnd.Record)
                    {
                        return CsvReadStatus.Record;
                    }

                    continue;
                }
            }

            if (ParseUnquoted() == FieldEnd.Record)
            {
                return CsvReadStatus.Record;
            }
        }
    }

    private enum FieldEnd
    {
        Field,
        Record,
        Continue,
        Fatal,
    }

    private FieldEnd ParseQuoted()
    {
        var quoteLine = _line;
        _pos++;
        var content = ReadQuotedContent(quoteLine);
        if (content != FieldEnd.Continue)
        {
            return content;
        }

        var next = _buffer[_pos];
        if (next == ',')
        {
            _pos++;
            EndField();
            return FieldEnd.Field;
        }

        if (next is '\r' or '\n')
        {
            EndField();
            ConsumeNewline();
            return FieldEnd.Record;
        }

        Error ??= $"text after a closing quote on line {_line}: a quote inside a quoted field must be doubled (\"\")";
        return FieldEnd.Continue;
    }

    /// <summary>Reads up to and past the closing quote; Continue means a character follows it.</summary>
    private FieldEnd ReadQuotedContent(long quoteLine)
    {
        while (true)
        {
            if (!EnsureData())
            {
                Fatal($"unterminated quoted field: the quote opened at line {quoteLine} is never closed");
                return FieldEnd.Fatal;
            }

            var span = _buffer.AsSpan(_pos, _len - _pos);
            var i = span.IndexOfAny(QuotedStops);
            if (i < 0)
            {
                Append(span);
                _pos = _len;
                continue;
            }

            Append(span[..i]);
            _pos += i;
            if (_buffer[_pos] == '\n')
            {
                _line++;
                Append("\n");
                _pos++;
                continue;
            }

            _pos++;
            if (!EnsureData())
            {
                EndField();
                return FieldEnd.Record;
            }

            if (_buffer[_pos] == '"')
            {
                Append("\"");
                _pos++;
                continue;
            }

            return FieldEnd.Continue;
        }
    }

    private FieldEnd ParseUnquoted()
    {
        while (true)
        {
            if (!EnsureData())
            {
                EndField();
                return FieldEnd.Record;
            }

            var span = _buffer.AsSpan(_pos, _len - _pos);
            var i = span.IndexOfAny(UnquotedStops);
            if (i < 0)
            {
                Append(span);
                _pos = _len;
                continue;
            }

            Append(span[..i]);
            _pos += i;
            var c = _buffer[_pos];
            if (c == ',')
            {
                _pos++;
                EndField();
                return FieldEnd.Field;
            }

            if (c == '"')
            {
                Error ??= $"a quote inside an unquoted field on line {_line}: put the whole field in quotes and double the quote (\"\")";
                Append("\"");
                _pos++;
                continue;
            }

            EndField();
            ConsumeNewline();
            return FieldEnd.Record;
        }
    }

    private void ConsumeNewline()
    {
        var c = _buffer[_pos++];
        _line++;
        if (c == '\r' && EnsureData() && _buffer[_pos] == '\n')
        {
            _pos++;
        }
    }

    private bool EnsureData()
    {
        if (_pos < _len)
        {
            return true;
        }

        if (_eof)
        {
            return false;
        }

        _len = _reader.Read(_buffer, 0, _buffer.Length);
        _pos = 0;
        if (_len == 0)
        {
            _eof = true;
            return false;
        }

        if (!_started)
        {
            _started = true;
            // A TextReader that did not strip the byte order mark leaves it as the first character.
            if (_buffer[0] == '\uFEFF')
            {
                _pos = 1;
                return EnsureData();
            }
        }

        return true;
    }

    private void Append(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            return;
        }

        var needed = _recordLength + chars.Length;
        if (needed - _fieldStart > _limits.MaxFieldChars)
        {
            throw new LimitExceededException(
                $"field {_fieldCount + 1} of the record starting at line {LineNumber} is longer than {_limits.MaxFieldChars} characters " +
                "(is a closing quote missing?)");
        }

        if (needed > _limits.MaxRecordChars)
        {
            throw new LimitExceededException(
                $"the record starting at line {LineNumber} is longer than {_limits.MaxRecordChars} characters (is a closing quote missing?)");
        }

        if (needed > _record.Length)
        {
            Array.Resize(ref _record, Math.Min(Math.Max(needed, _record.Length * 2), _limits.MaxRecordChars));
        }

        chars.CopyTo(_record.AsSpan(_recordLength));
        _recordLength = needed;
    }

    private void EndField()
    {
        if (_fieldCount == _limits.MaxFields)
        {
            throw new LimitExceededException($"the record starting at line {LineNumber} has more than {_limits.MaxFields} fields");
        }

        if (_fieldCount == _fieldEnds.Length)
        {
            Array.Resize(ref _fieldEnds, _fieldEnds.Length * 2);
        }

        _fieldEnds[_fieldCount++] = _recordLength;
        _fieldStart = _recordLength;
    }

    private CsvReadStatus Fatal(string message)
    {
        _fatal = true;
        _fieldCount = 0;
        Error = message;
        return CsvReadStatus.FatalError;
    }

    private sealed class LimitExceededException(string message) : Exception(message);
}
