using System.Globalization;
using System.Threading.RateLimiting;
using CareersCompliance.Web.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CareersCompliance.Web.Hosting;

/// <summary>The limits of <see cref="RequestLimits"/>, bound from <c>Careers:Limits</c>; every window is one minute.</summary>
public sealed class RequestLimitOptions
{
    public const string Section = "Careers:Limits";

    /// <summary>Largest request body accepted, unless an endpoint declares its own limit; larger gets 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Sign-in attempts per client address per minute (a school's staff may share one address).</summary>
    public int LoginPerClientPerMinute { get; set; } = 30;

    /// <summary>Sign-in attempts per username from one address per minute: a flood naming an account from one address holds
    /// back that address only, never the account's owner elsewhere.</summary>
    public int LoginPerAccountAndClientPerMinute { get; set; } = 10;

    /// <summary>Sign-in attempts per username per minute from all addresses together: a ceiling on a guessing attack spread
    /// over many addresses, set well above what one address may send so that one attacker cannot reach it.</summary>
    public int LoginPerAccountPerMinute { get; set; } = 100;

    /// <summary>Bearer-token requests per client address per minute.</summary>
    public int TokenPerClientPerMinute { get; set; } = 3000;

    /// <summary>Bearer-token requests per account per minute.</summary>
    public int TokenPerAccountPerMinute { get; set; } = 1200;
}

/// <summary>
/// Request size and rate limits: bodies over the limit get 413, unreadable or unstorable input a 400 problem; sign-in POSTs are
/// limited per client address, per username at one address and per username overall, bearer-token requests per client
/// address and per account, in sliding one-minute windows, answering 429 with <c>Retry-After</c>: the API and bearer requests
/// with problem details, a browser's sign-in with the service's error page. Why a limit before the password check: it does
/// what a per-account lockout cannot (one password tried on many accounts) without letting anyone lock an account.
/// </summary>
public static class RequestLimits
{
    private const string LoginUserKey = "careers.login-user";
    private const string ErrorType = "urn:careers-compliance:error:";
    private static readonly TimeSpan WindowLength = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddCareersRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<RequestLimitOptions>().BindConfiguration(RequestLimitOptions.Section);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RequestLimitOptions>>((options, limits) =>
        {
            var l = limits.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, Window.Client, l)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, Window.AccountAtClient, l)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, Window.Account, l)));
            options.OnRejected = (context, _) => RejectAsync(context);
        });
        return services;
    }

    /// <summary>Adds the size limit, then the rate limits; call after authentication so token requests are counted per account.</summary>
    public static IApplicationBuilder UseCareersRequestLimits(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(LimitSizeAsync);
        app.Use(ReadLoginUserAsync);
        return app.UseRateLimiter();
    }

    private static bool IsLogin(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals("/Account/Login", StringComparison.OrdinalIgnoreCase);

    private static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>What a chained window counts by.</summary>
    private enum Window
    {
        Client,
        AccountAtClient,
        Account,
    }

    private static RateLimitPartition<string> Partition(HttpContext context, Window window, RequestLimitOptions limits)
    {
        var client = ClientKey.Of(context);
        if (IsLogin(context.Request))
        {
            var user = context.Items[LoginUserKey] as string ?? "";
            return window switch
            {
                Window.Client => Sliding("login-client:" + client, limits.LoginPerClientPerMinute),
                Window.AccountAtClient => Sliding("login-account-client:" + user + "\n" + client, limits.LoginPerAccountAndClientPerMinute),
                _ => Sliding("login-account:" + user, limits.LoginPerAccountPerMinute),
            };
        }

        if (HasBearer(context.Request))
        {
            if (window == Window.Client)
            {
                return Sliding("token-client:" + client, limits.TokenPerClientPerMinute);
            }

            if (window == Window.AccountAtClient)
            {
                return RateLimitPartition.GetNoLimiter("none");
            }

            // A token that did not authenticate has no account; the per-client window still counts it.
            return CareersClaims.AccountIdOf(context.User) is { } account
                ? Sliding("token-account:" + account.ToString("N"), limits.TokenPerAccountPerMinute)
                : RateLimitPartition.GetNoLimiter("none");
        }

        return RateLimitPartition.GetNoLimiter("none");
    }

    private static RateLimitPartition<string> Sliding(string key, int permits) =>
        RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = WindowLength,
            SegmentsPerWindow = 6,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask RejectAsync(OnRejectedContext rejected)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : WindowLength / 6;
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        var context = rejected.HttpContext;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && !HasBearer(context.Request))
        {
            // A person at a browser: no body here, so the status code pages show the service's 429 page with its layout.
            return;
        }

        await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", type: ErrorType + "rate-limited",
            detail: $"Too many requests from this address or for this account. Try again in {seconds} seconds.").ExecuteAsync(context);
    }

    private static async Task LimitSizeAsync(HttpContext context, RequestDelegate next)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } declared
            ? declared.MaxRequestBodySize
            : context.RequestServices.GetRequiredService<IOptions<RequestLimitOptions>>().Value.MaxRequestBodyBytes;
        if (limit is not { } max)
        {
            await next(context);
            return;
        }

        if (context.Request.ContentLength > max)
        {
            await TooLargeAsync(context, max);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = max;
        }
        else if (context.Request.ContentLength is null)
        {
            // Why wrap: a chunked body has no length to check up front, and not every server enforces the feature.
            context.Request.Body = new LimitedReadStream(context.Request.Body, max);
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            context.Response.Clear();
            await TooLargeAsync(context, max);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // Why: in Development minimal APIs throw on unreadable JSON, which the exception handler would turn into a 500.
            context.Response.Clear();
            await TypedResults.Problem(statusCode: e.StatusCode, title: "Invalid request", type: ErrorType + "invalid-request", detail: e.Message).ExecuteAsync(context);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState is "22P05" or "22021" && !context.Response.HasStarted)
        {
            // Why: PostgreSQL cannot store a NUL (or invalid) character in text or jsonb; that is bad input, not a server fault.
            context.Response.Clear();
            await TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid characters", type: ErrorType + "invalid-characters",
                detail: "The request holds a character that cannot be stored (such as NUL). Remove it and try again.").ExecuteAsync(context);
        }
    }

    private static Task TooLargeAsync(HttpContext context, long max) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large", type: ErrorType + "request-too-large",
            detail: $"The request body may be at most {max.ToString(CultureInfo.InvariantCulture)} bytes.").ExecuteAsync(context);

    // Why read the form here: the per-account window needs the username before the page runs; the form is buffered once and reused.
    private static async Task ReadLoginUserAsync(HttpContext context, RequestDelegate next)
    {
        if (IsLogin(context.Request) && context.Request.HasFormContentType)
        {
            try
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                var name = form["Input.Username"].ToString().Trim().ToUpperInvariant();
                context.Items[LoginUserKey] = name.Length > 64 ? name[..64] : name;
            }
            catch (InvalidDataException)
            {
                context.Items[LoginUserKey] = "";
            }
        }

        await next(context);
    }

    /// <summary>A read-only view of the request body that fails with 413 once more than the limit has been read.</summary>
    private sealed class LimitedReadStream(Stream inner, long max) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > max ? throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge) : read;
        }
    }
}
