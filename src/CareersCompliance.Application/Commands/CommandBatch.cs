using CareersCompliance.EventStore;

namespace CareersCompliance.Application.Commands;

/// <summary>Reads whole streams in one round trip, each in version order (the batch folds them).</summary>
public delegate Task<IReadOnlyList<EventEnvelope>> StreamsReader(IReadOnlyCollection<StreamId> streams, CancellationToken ct);

/// <summary>
/// Many commands decided against the streams' current state, each seeing the events the earlier ones decided,
/// then appended together: one transaction, all or nothing (an import file is refused or written whole).
/// Why a batch rather than one handler call a row: a million-row import cannot afford a round trip a row.
/// A batch over an import session also streams: the caller preloads a chunk's streams in one read, decides the chunk,
/// hands its events to the session (<see cref="TakePending"/>) and lets the batch forget states it no longer needs.
/// </summary>
public sealed class CommandBatch
{
    private readonly IEventStore? _store;
    private readonly StreamsReader _read;
    private readonly Dictionary<StreamId, PendingStream> _streams = [];
    private readonly List<StreamId> _order = [];

    internal CommandBatch(IEventStore store)
    {
        _store = store;
        _read = async (streams, ct) =>
        {
            var events = new List<EventEnvelope>();
            foreach (var stream in streams)
            {
                events.AddRange((await store.ReadStreamAsync(stream, null, ct)).Events);
            }

            return events;
        };
    }

    /// <summary>A batch whose streams are read by <paramref name="read"/> (for example inside an <see cref="ImportSession"/>)
    /// and whose events the caller takes with <see cref="TakePending"/>.</summary>
    public CommandBatch(StreamsReader read)
    {
        ArgumentNullException.ThrowIfNull(read);
        _read = read;
    }

    /// <summary>Events decided so far and not yet written or taken.</summary>
    public long PendingEvents { get; private set; }

    /// <summary>Streams whose state the batch holds.</summary>
    public int StreamsHeld => _streams.Count;

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

    /// <summary>Loads and folds every named stream the batch does not hold yet, in one read.</summary>
    public async Task PreloadAsync<TState, TEvent>(StreamDefinition<TState, TEvent> stream, IEnumerable<StreamId> streamIds, CancellationToken ct)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(streamIds);
        var missing = streamIds.Where(id => !_streams.ContainsKey(id)).Distinct().ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var events = await _read(missing, ct);
        var byStream = new Dictionary<Guid, (TState State, long Version)>();
        foreach (var envelope in events)
        {
            var (state, _) = byStream.TryGetValue(envelope.Stream.Id, out var seen) ? seen : (stream.Initial, 0);
            byStream[envelope.Stream.Id] = (envelope.Data is TEvent e ? stream.Evolve(state, e) : state, envelope.Version);
        }

        foreach (var id in missing)
        {
            var (state, version) = byStream.TryGetValue(id.Id, out var folded) ? folded : (stream.Initial, 0);
            _streams.Add(id, new PendingStream(version, state!));
            _order.Add(id);
        }
    }

    /// <summary>
    /// Hands over every pending event, per stream in first-touch order with the version it expects, and keeps the
    /// states: later commands in the batch carry on from them.
    /// </summary>
    public IReadOnlyList<StreamAppend> TakePending()
    {
        var appends = new List<StreamAppend>();
        foreach (var id in _order)
        {
            var pending = _streams[id];
            if (pending.Events.Count == 0)
            {
                continue;
            }

            appends.Add(new StreamAppend(id, pending.ReadVersion == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exact(pending.ReadVersion),
                pending.Events));
            pending.ReadVersion += pending.Events.Count;
            pending.Events = [];
        }

        PendingEvents = 0;
        return appends;
    }

    /// <summary>
    /// Forgets the states of streams with nothing pending once more than <paramref name="maxStreams"/> are held, so memory
    /// stays flat however many streams a file touches; a forgotten stream is read again (with what was taken) when needed.
    /// </summary>
    public void Trim(int maxStreams)
    {
        if (_streams.Count <= maxStreams)
        {
            return;
        }

        _order.RemoveAll(id => _streams[id].Events.Count == 0 && _streams.Remove(id));
    }

    private async Task<PendingStream> LoadAsync<TState, TEvent>(StreamDefinition<TState, TEvent> stream, StreamId streamId, CancellationToken ct)
        where TEvent : class
    {
        if (!_streams.TryGetValue(streamId, out var pending))
        {
            await PreloadAsync(stream, [streamId], ct);
            pending = _streams[streamId];
        }

        return pending;
    }

    /// <summary>Writes every pending event in one transaction; conflicts with a concurrent writer fail the whole batch.</summary>
    public async Task<long> CommitAsync(bool bulk, CancellationToken ct)
    {
        var store = _store ?? throw new InvalidOperationException("This batch's events are taken by its import session; use TakePending.");
        var appends = TakePending();
        if (appends.Count == 0)
        {
            return 0;
        }

        if (bulk)
        {
            var result = await store.ImportAsync(appends, ct);
            return result.Appended;
        }

        var results = await store.AppendMultipleAsync(appends, ct);
        return results.Sum(r => (long)r.Appended);
    }

    private sealed class PendingStream(long readVersion, object state)
    {
        public long ReadVersion { get; set; } = readVersion;

        public object State { get; set; } = state;

        public List<NewEvent> Events { get; set; } = [];
    }
}
