using CareersCompliance.Application.Accounts;
using CareersCompliance.Domain.Rules;
using CareersCompliance.Web.Reading;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Schools;

/// <summary>A school's Compass-style evaluation, printable (eventmodel/decisions/0045); the same access as the school page.</summary>
public sealed class CompassModel(Standings standings) : CareersPageModel
{
    public SchoolEntry School { get; private set; } = null!;

    public CompassReport Report { get; private set; } = null!;

    /// <summary>The Compass points (31 December, 31 March, 31 July) of this academic year and the last that have passed.</summary>
    public IReadOnlyList<NodaTime.LocalDate> Points { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string urn, CancellationToken ct)
    {
        if (!await SignedInAsync(ct))
        {
            return SignIn();
        }

        if (!Access.CanReadSchool(urn))
        {
            return Refuse();
        }

        School = Access.Directory.School(urn)!;
        AsOf = Access.ClampAsOf(urn, ReadAsOf(Directories.Today));
        Points = CompassPoints.UpTo(Directories.Today);
        Report = (await standings.CompassAsync(urn, AsOf, ct))!;
        return Page();
    }

    /// <summary>The query string that shows this page on <paramref name="date"/>.</summary>
    public static string At(NodaTime.LocalDate date) => $"?day={date.Day}&month={date.Month}&year={date.Year}";

    /// <summary>The anchor of a benchmark's section on this page.</summary>
    public static string Anchor(string benchmarkId) => benchmarkId.ToLowerInvariant();
}
