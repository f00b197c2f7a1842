namespace CareersCompliance.EventStore;

/// <summary>What the caller believes about a stream's version before appending (optimistic concurrency).</summary>
public readonly record struct ExpectedVersion
{
    private ExpectedVersion(long value) => Value = value;

    /// <summary>-1 for <see cref="Any"/>, 0 for <see cref="NoStream"/>, otherwise the exact version.</summary>
    public long Value { get; }

    /// <summary>The stream must not exist yet.</summary>
    public static ExpectedVersion NoStream { get; } = new(0);

    /// <summary>Append whatever the stream's version (the stream lock still orders the append).</summary>
    public static ExpectedVersion Any { get; } = new(-1);

    /// <summary>The stream must be exactly at <paramref name="version"/> (0 means it must not exist).</summary>
    /// <param name="version">The version the caller read, 0 or more.</param>
    /// <returns>The expectation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="version"/> is negative.</exception>
    public static ExpectedVersion Exact(long version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        return new(version);
    }

    /// <summary>Returns this expectation unless it is <see cref="Any"/>, in which case the version read is used.</summary>
    /// <param name="readVersion">The version the caller read.</param>
    /// <returns>The expectation to append with.</returns>
    public ExpectedVersion Or(long readVersion) => Value == -1 ? Exact(readVersion) : this;

    /// <inheritdoc />
    public override string ToString() => Value switch { -1 => "any", 0 => "no stream", _ => Value.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
