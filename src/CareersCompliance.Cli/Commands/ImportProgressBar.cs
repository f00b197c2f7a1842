using System.Diagnostics;
using System.Globalization;
using CareersCompliance.Application.Recording;

namespace CareersCompliance.Cli.Commands;

/// <summary>
/// Import progress on standard error: on a terminal a bar redrawn in place (rows, share of the file's bytes, rate);
/// when standard error is redirected, a plain line every few seconds, so logs stay readable.
/// Files that finish within a second print nothing.
/// </summary>
internal sealed class ImportProgressBar(TextWriter error, bool terminal) : IProgress<ImportProgress>
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TerminalEvery = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly Stopwatch _sinceStart = new();
    private readonly Stopwatch _sinceDrawn = new();
    private (string File, ImportPhase Phase)? _current;
    private bool _drawn;

    public static ImportProgressBar ForConsole(TextWriter error) => new(error, !Console.IsErrorRedirected);

    public void Report(ImportProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            if (_current != (value.FileName, value.Phase))
            {
                Finish();
                _current = (value.FileName, value.Phase);
                _sinceStart.Restart();
                _sinceDrawn.Restart();
            }

            if (_sinceStart.Elapsed < Quiet || (!value.Done && _sinceDrawn.Elapsed < (terminal ? TerminalEvery : LogEvery)))
            {
                return;
            }

            _sinceDrawn.Restart();
            Draw(value);
        }
    }

    /// <summary>Ends the bar's line (a terminal bar is redrawn in place until then).</summary>
    public void Finish()
    {
        lock (_lock)
        {
            if (_drawn && terminal)
            {
                error.WriteLine();
            }

            _drawn = false;
        }
    }

    private void Draw(ImportProgress p)
    {
        var share = p.Share;
        var seconds = Math.Max(_sinceStart.Elapsed.TotalSeconds, 0.001);
        var phase = p.Phase == ImportPhase.Checking ? "checking" : "writing";
        var rate = p.Phase == ImportPhase.Checking
            ? string.Create(CultureInfo.InvariantCulture, $"{p.RowsDone / seconds:N0} rows/s")
            : string.Create(CultureInfo.InvariantCulture, $"{p.EventsAppended:N0} events, {p.RowsDone / seconds:N0} rows/s");
        var counts = string.Create(CultureInfo.InvariantCulture, $"{p.FileName} {phase} {share,4:P0} {p.RowsDone:N0} rows ({rate})");
        if (terminal)
        {
            const int width = 24;
            var filled = (int)Math.Round(share * width);
            error.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {counts}   ");
        }
        else
        {
            error.WriteLine($"progress: {counts}");
        }

        _drawn = true;
    }
}
