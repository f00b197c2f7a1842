using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CareersCompliance.Alerts.IntegrationTests;

/// <summary>A small SMTP server on 127.0.0.1 for the tests: offers STARTTLS (self-signed), requires AUTH PLAIN after it, keeps each message.</summary>
internal sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackSmtpServer(string user, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue.AddDays(-1));
        _certificate = X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
        Expected = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string CertificateSha256 => Convert.ToHexString(SHA256.HashData(_certificate.RawData));

    public List<(string From, string To, string Data, bool Tls, bool Authenticated)> Messages { get; } = [];

    private string Expected { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
#pragma warning disable VSTHRD003 // the accept loop was started by this object
            await _loop;
#pragma warning restore VSTHRD003
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping the listener ends the accept loop.
        }

        _certificate.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

#pragma warning disable MA0051 // one SMTP dialogue reads best as one switch
    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            Stream stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.UTF8, false, 1024, leaveOpen: true);
            async Task Say(string line)
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
                await stream.FlushAsync();
            }

            bool tls = false, authed = false;
            string? from = null, to = null;
            await Say("220 loopback ESMTP test");
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await Say(tls ? "250-loopback\r\n250 AUTH PLAIN" : "250-loopback\r\n250 STARTTLS");
                        break;
                    case "STARTTLS":
                        await Say("220 go ahead");
                        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                        await ssl.AuthenticateAsServerAsync(_certificate);
                        stream = ssl;
                        reader = new StreamReader(stream, Encoding.UTF8, false, 1024, leaveOpen: true);
                        tls = true;
                        break;
                    case "AUTH":
                        authed = tls && line.EndsWith(Expected, StringComparison.Ordinal);
                        await Say(authed ? "235 ok" : "535 bad credentials");
                        break;
                    case "MAIL":
                        from = line[10..].Trim('<', '>');
                        await Say(authed ? "250 ok" : "530 authenticate first");
                        break;
                    case "RCPT":
                        to = line[8..].Trim('<', '>');
                        await Say("250 ok");
                        break;
                    case "DATA":
                        await Say("354 end with .");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync() is { } d && !string.Equals(d, ".", StringComparison.Ordinal))
                        {
                            data.Append(d.StartsWith("..", StringComparison.Ordinal) ? d[1..] : d).Append('\n');
                        }

                        lock (Messages)
                        {
                            Messages.Add((from!, to!, data.ToString(), tls, authed));
                        }

                        await Say("250 queued");
                        break;
                    case "QUIT":
                        await Say("221 bye");
                        return;
                    default:
                        await Say("502 not implemented");
                        break;
                }
            }
        }
    }
#pragma warning restore MA0051
}
