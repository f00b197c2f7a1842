using CareersCompliance.Domain.Rules;
using CareersCompliance.Web.Reading;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Trusts;

/// <summary>A trust's schools side by side on the Compass-style evaluation, printable; the same access as the trust's page.</summary>
public sealed class CompassModel(Standings standings) : CareersPageModel
{
    public string TrustId { get; private set; } = "";

    public string TrustName { get; private set; } = "";

    public IReadOnlyList<CompassReport> Schools { get; private set; } = [];

    public IReadOnlyList<NodaTime.LocalDate> Points { get; private set; } = [];

    /// <summary>The mean count of benchmarks fully achieved across the trust's schools; null with no school.</summary>
    public decimal? MeanAchieved => Schools.Count == 0 ? null : Math.Round((decimal)Schools.Average(s => s.AchievedCount), 2);

    public async Task<IActionResult> OnGetAsync(string trustId, CancellationToken ct)
    {
        if (!await SignedInAsync(ct))
        {
            return SignIn();
        }

        if (!Access.CanReadTrust(trustId) || Access.Directory.Trust(trustId) is not { } trust)
        {
            return Refuse();
        }

        TrustId = trust.TrustId;
        TrustName = trust.Name;
        AsOf = ReadAsOf(Directories.Today);
        Points = CompassPoints.UpTo(Directories.Today);
        Schools = await standings.TrustCompassAsync(trustId, AsOf, ct);
        return Page();
    }
}
