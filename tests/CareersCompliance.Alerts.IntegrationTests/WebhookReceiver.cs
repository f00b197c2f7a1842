using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using CareersCompliance.Application.Alerts;

namespace CareersCompliance.Alerts.IntegrationTests;

/// <summary>
/// An HTTP receiver on 127.0.0.1 that does what the README asks of real receivers: verifies the signature and timestamp,
/// and applies each Idempotency-Key once (a repeat is answered 200 and ignored). It can be stopped and started on the same port.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly string _secret;
    private readonly Func<long> _now;
    private HttpListener? _listener;
    private Task? _loop;

    public WebhookReceiver(string secret, Func<long> nowUnixSeconds)
    {
        _secret = secret;
        _now = nowUnixSeconds;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hook/";

    /// <summary>Keys applied, with how many times each was applied (must be 1).</summary>
    public ConcurrentDictionary<string, int> Applied { get; } = new(StringComparer.Ordinal);

    public ConcurrentBag<string> Bodies { get; } = [];

    public int Received => _received;

    public int BadSignatures => _badSignatures;

    public int Duplicates => _duplicates;

    public int FailWith { get; set; }

    public TimeSpan Delay { get; set; }

    private int _received;
    private int _badSignatures;
    private int _duplicates;

    public void Start()
    {
        _listener = new HttpListener();
        _listener.Prefixes.Add(Url);
        _listener.Start();
        var listener = _listener;
        _loop = Task.Run(() => LoopAsync(listener));
    }

    public async Task StopAsync()
    {
        if (_listener is { } l)
        {
            l.Stop();
            l.Close();
            _listener = null;
            try
            {
#pragma warning disable VSTHRD003 // the loop was started by this object
                await _loop!;
#pragma warning restore VSTHRD003
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Stopping ends the loop.
            }
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task LoopAsync(HttpListener listener)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _received);
        using var reader = new StreamReader(context.Request.InputStream);
        var body = await reader.ReadToEndAsync();
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        var status = 200;
        if (!WebhookSignature.Verify(_secret, context.Request.Headers[WebhookSignature.TimestampHeader],
                context.Request.Headers[WebhookSignature.SignatureHeader], body, _now(), TimeSpan.FromMinutes(5)))
        {
            Interlocked.Increment(ref _badSignatures);
            status = 401;
        }
        else if (FailWith != 0)
        {
            status = FailWith;
        }
        else
        {
            var key = context.Request.Headers[WebhookSignature.IdempotencyHeader] ?? "";
            if (Applied.TryAdd(key, 1))
            {
                Bodies.Add(body);
            }
            else
            {
                Interlocked.Increment(ref _duplicates);
            }
        }

        context.Response.StatusCode = status;
        context.Response.Close();
    }
}
