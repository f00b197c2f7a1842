using System.Threading.Channels;
using CareersCompliance.Application.Import;
using ImportResult = CareersCompliance.Application.Import.ImportResult;

namespace CareersCompliance.Application.Recording;

/// <summary>
/// The writing pass's rows: the validator reads the file again on a worker thread and hands over accepted rows in
/// chunks, at most a few chunks ahead of the decider, so parsing overlaps deciding and no more than a few chunks of
/// rows are ever in memory.
/// </summary>
internal sealed class RowChunks : IAsyncDisposable
{
    private const int ChunksAhead = 3;

    private readonly Channel<List<AcceptedRow>> _channel =
        Channel.CreateUnbounded<List<AcceptedRow>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly SemaphoreSlim _slots = new(ChunksAhead);
    private readonly CancellationTokenSource _stop = new();
    private readonly FileStream _file;
    private readonly Task<ImportResult> _validation;
    private long _bytesRead;

    private RowChunks(ImportFileKind kind, string path, ImportOptions options, int chunkSize)
    {
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Length = _file.Length;
        var fileName = Path.GetFileName(path);
        _validation = Task.Run(() =>
        {
            try
            {
                var chunk = new List<AcceptedRow>(chunkSize);
                var result = ImportValidator.Validate(kind, _file, fileName, options with
                {
                    CollectRows = false,
                    OnRowAccepted = row =>
                    {
                        chunk.Add(row);
                        if (chunk.Count == chunkSize)
                        {
                            Hand(chunk);
                            chunk = new List<AcceptedRow>(chunkSize);
                        }
                    },
                });
                if (chunk.Count > 0)
                {
                    Hand(chunk);
                }

                _channel.Writer.TryComplete();
                return result;
            }
            catch (Exception e)
            {
                _channel.Writer.TryComplete(e);
                throw;
            }
        });
    }

    /// <summary>The file's size in bytes.</summary>
    public long Length { get; }

    /// <summary>Bytes of the file read so far (as of the last chunk handed over).</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public static RowChunks Start(ImportFileKind kind, string path, ImportOptions options, int chunkSize) => new(kind, path, options, chunkSize);

    /// <summary>The chunks in file order; each frees a slot for the reader once taken.</summary>
    public async IAsyncEnumerable<List<AcceptedRow>> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var chunk in _channel.Reader.ReadAllAsync(ct))
        {
            _slots.Release();
            yield return chunk;
        }
    }

    /// <summary>The outcome of the second validation (the same file, so the same hash and counts as the checking pass).</summary>
    // Why VSTHRD003 does not apply: the worker task is this object's own, started in its constructor without a context.
#pragma warning disable VSTHRD003
    public Task<ImportResult> CompletionAsync() => _validation;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _validation;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // Why: the reader stopped early (refused or failed); the worker's own outcome no longer matters.
        }

        await _file.DisposeAsync();
        _slots.Dispose();
        _stop.Dispose();
    }
#pragma warning restore VSTHRD003

    private void Hand(List<AcceptedRow> chunk)
    {
        // Why a blocking wait: this runs on the worker thread inside the validator's synchronous row callback.
        _slots.Wait(_stop.Token);
        Interlocked.Exchange(ref _bytesRead, _file.Position);
        _channel.Writer.TryWrite(chunk);
    }
}
