using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.EventStore;
using Microsoft.Extensions.Caching.Memory;
using NodaTime;

namespace CareersCompliance.Web.Reading;

/// <summary>Today's trusts and schools (cached for a minute) and the pseudonym key (loaded once).</summary>
public sealed class Directories(CareersRuntime runtime, IMemoryCache cache)
{
    public static DateTimeZone London { get; } = DateTimeZoneProviders.Tzdb["Europe/London"];

    private Pseudonyms? _pseudonyms;

    public LocalDate Today => runtime.Clock.GetCurrentInstant().InZone(London).Date;

    public async Task<DirectorySnapshot> TodayAsync(CancellationToken ct)
    {
        var today = Today;
        return (await cache.GetOrCreateAsync(("directory", today), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            return await new SchoolDirectory(new StreamSetReader(runtime.App, runtime.Registry)).LoadAsync(today, ct);
        }))!;
    }

    public async Task<Pseudonyms> PseudonymsAsync(CancellationToken ct) => _pseudonyms ??= await Pseudonyms.LoadAsync(runtime.App, ct);
}
