namespace CareersCompliance.Application.Recording;

/// <summary>Which pass over a file is running: every row is checked before anything is decided or written.</summary>
public enum ImportPhase
{
    Checking,
    Writing,
}

/// <summary>How far the import of one file has got: bytes of the file read in the current pass, rows and events so far.</summary>
public sealed record ImportProgress(string FileName, ImportPhase Phase, long BytesDone, long BytesTotal, long RowsDone, long EventsAppended);
