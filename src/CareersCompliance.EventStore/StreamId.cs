namespace CareersCompliance.EventStore;

/// <summary>Identifies one stream: its type (for example <c>school</c>) and its globally unique id.</summary>
/// <param name="Type">The stream type, a short stable snake_case name stored with the stream.</param>
/// <param name="Id">The stream id; new ids are version 7 Guids, business keys use <see cref="DeterministicGuid"/>.</param>
public readonly record struct StreamId(string Type, Guid Id)
{
    /// <summary>Creates a stream id with a new time-ordered (version 7) Guid.</summary>
    /// <param name="type">The stream type.</param>
    /// <returns>A new stream id.</returns>
    public static StreamId New(string type) => new(type, Guid.CreateVersion7());

    /// <summary>Creates a stream id whose Guid is derived from a business key, so the same key always names the same stream.</summary>
    /// <param name="type">The stream type; it is also part of the derived id.</param>
    /// <param name="businessKey">A stable business key, for example a school URN.</param>
    /// <returns>The stream id.</returns>
    public static StreamId ForKey(string type, string businessKey) =>
        new(type, DeterministicGuid.Create(DeterministicGuid.StreamNamespace, type + ":" + businessKey));

    /// <inheritdoc />
    public override string ToString() => $"{Type}-{Id:D}";
}
