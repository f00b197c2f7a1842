using CareersCompliance.EventStore;

namespace CareersCompliance.Application.Commands;

/// <summary>
/// Many commands decided against the streams' current state, each seeing the events the earlier ones decided,
/// then appended together: one transaction, all or nothing (an import file is refused or written whole).
/// Why a batch rather than one handler call a row: a million-row import cannot afford a round trip a row.
/// </summary>
public sealed class CommandBatch
{
    private readonly IEventStore _store;
    private readonly Dictionary<StreamId, PendingStream> _streams = [];
    private readonly List<StreamId> _order = [];

    internal CommandBatch(IEventStore store) => _store = store;

    /// <summary>Events decided so far and not yet written.</summary>
    public long PendingEvents { get; private set; }

    /// <summary>Decides one command; throws the decider's DomainRuleViolation unchanged.</summary>
    public async Task<int> DecideAsync<TState, TEvent>(
        StreamDefinition<TState, TEvent> stream,
        StreamId streamId,
        Func<TState, TEvent[]> decide,
        CommandContext context,
        CancellationToken ct)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(decide);
        ArgumentNullException.ThrowIfNull(context);
        var pending = await LoadAsync(stream, streamId, ct);
        var state = (TState)pending.State;
        var events = decide(state);
        if (events.Length == 0)
        {
            return 0;
        }

        var metadata = context.ToMetadata();
        foreach (var e in events)
        {
            state = stream.Evolve(state, e);
            pending.Events.Add(new NewEvent(Guid.CreateVersion7(), e, metadata));
        }

        pending.State = state!;
        PendingEvents += events.Length;
        return events.Length;
    }

    /// <summary>The stream's state including what this batch has decided so far.</summary>
    public async Task<TState> StateAsync<TState, TEvent>(StreamDefinition<TState, TEvent> stream, StreamId streamId, CancellationToken ct)
        where TEvent : class =>
        (TState)(await LoadAsync(stream, streamId, ct)).State;

    private async Task<PendingStream> LoadAsync<TState, TEvent>(StreamDefinition<TState, TEvent> stream, StreamId streamId, CancellationToken ct)
        where TEvent : class
    {
        if (!_streams.TryGetValue(streamId, out var pending))
        {
            var history = await _store.ReadStreamAsync(streamId, null, ct);
            pending = new PendingStream(history.Version, StreamCommandHandler.Fold(stream, history)!);
            _streams.Add(streamId, pending);
            _order.Add(streamId);
        }

        return pending;
    }

    /// <summary>Writes every pending event in one transaction; conflicts with a concurrent writer fail the whole batch.</summary>
    public async Task<long> CommitAsync(bool bulk, CancellationToken ct)
    {
        var appends = _order
            .Select(id => (Id: id, Pending: _streams[id]))
            .Where(s => s.Pending.Events.Count > 0)
            .Select(s => new StreamAppend(s.Id, s.Pending.ReadVersion == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exact(s.Pending.ReadVersion),
                s.Pending.Events))
            .ToList();
        if (appends.Count == 0)
        {
            return 0;
        }

        if (bulk)
        {
            var result = await _store.ImportAsync(appends, ct);
            return result.Appended;
        }

        var results = await _store.AppendMultipleAsync(appends, ct);
        return results.Sum(r => (long)r.Appended);
    }

    private sealed class PendingStream(long readVersion, object state)
    {
        public long ReadVersion { get; } = readVersion;

        public object State { get; set; } = state;

        public List<NewEvent> Events { get; } = [];
    }
}
