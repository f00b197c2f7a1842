namespace CareersCompliance.EventStore;

/// <summary>Thrown when a stream's version differs from the caller's expectation.</summary>
public sealed class ConcurrencyConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="expected">What the caller expected.</param>
    /// <param name="actual">The stream's actual version (0 when it does not exist).</param>
    public ConcurrencyConflictException(StreamId stream, ExpectedVersion expected, long actual)
        : base($"Stream {stream} is at version {actual}, but {expected} was expected.")
    {
        Stream = stream;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The stream.</summary>
    public StreamId Stream { get; }

    /// <summary>What the caller expected.</summary>
    public ExpectedVersion Expected { get; }

    /// <summary>The actual version.</summary>
    public long Actual { get; }
}

/// <summary>Thrown for misuse of the store that retrying cannot fix (for example reused event ids).</summary>
public sealed class EventStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="inner">The underlying error.</param>
    public EventStoreException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>
/// Thrown when a stream's last event was written by a transaction younger than the appending one. Appending anyway would
/// put that stream's events out of transaction order, which the sealer refuses; a new transaction (younger than the
/// other) can append. A normal append retries by itself; an import started before that write must be run again.
/// </summary>
public sealed class TransactionOvertakenException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransactionOvertakenException()
        : base("A stream was written by a younger transaction after this one began; append again in a new transaction.")
    {
    }
}
