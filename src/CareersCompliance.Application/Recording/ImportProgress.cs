namespace CareersCompliance.Application.Recording;

/// <summary>Which pass over a file is running: every row is checked before anything is decided or written.</summary>
public enum ImportPhase
{
    Checking,
    Writing,
}

/// <summary>
/// How far the import of one file has got: while checking, bytes of the file read; while writing, rows decided out of the
/// rows the check accepted (<see cref="RowsTotal"/>), and events appended so far.
/// </summary>
public sealed record ImportProgress(string FileName, ImportPhase Phase, long BytesDone, long BytesTotal, long RowsDone, long RowsTotal, long EventsAppended)
{
    /// <summary>The share done, 0 to 1.</summary>
    public double Share => RowsTotal > 0 ? Math.Min(1.0, (double)RowsDone / RowsTotal)
        : BytesTotal > 0 ? Math.Min(1.0, (double)BytesDone / BytesTotal) : 0;

    public bool Done => Phase == ImportPhase.Writing && RowsDone >= RowsTotal;
}
