using NodaTime;

namespace CareersCompliance.EventStore;

/// <summary>The outcome of appending to one stream.</summary>
/// <param name="Stream">The stream appended to.</param>
/// <param name="NextExpectedVersion">The stream version after the append; pass it as the next expected version.</param>
/// <param name="Appended">How many events this call stored (0 for an idempotent retry or nothing to append).</param>
/// <param name="WasDuplicate">True when the event ids were already stored by an earlier call.</param>
/// <param name="RecordedAt">The database transaction time of the append, when something was stored.</param>
public sealed record AppendResult(StreamId Stream, long NextExpectedVersion, int Appended, bool WasDuplicate, Instant? RecordedAt)
{
    /// <summary>A result for a command that decided nothing needs appending.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="version">The stream's current version.</param>
    /// <returns>The result.</returns>
    public static AppendResult NothingToAppend(StreamId stream, long version) => new(stream, version, 0, false, null);
}

/// <summary>The outcome of a bulk import.</summary>
/// <param name="Appended">Events stored.</param>
/// <param name="SkippedDuplicates">Events skipped because their ids were already stored.</param>
public sealed record ImportResult(long Appended, long SkippedDuplicates);
