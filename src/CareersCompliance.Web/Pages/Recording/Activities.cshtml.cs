using CareersCompliance.Application;
using CareersCompliance.Application.Audit;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Recording;

/// <summary>The careers leader's list of the school's activities over the last year, newest first, with links to correct them.</summary>
public sealed class ActivitiesModel(CareersRuntime runtime) : RecordingPageModel
{
    public IReadOnlyList<TimelineEntry> Entries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string urn, CancellationToken ct)
    {
        if (await GuardAsync(urn, ct) is { } refused)
        {
            return refused;
        }

        var timeline = await new EvidenceTimeline(runtime.App).ForSchoolAsync(urn, new TimelineQuery(From: Directories.Today.PlusYears(-1)), ct);
        Entries = [.. timeline.Entries.Reverse()];
        return Page();
    }
}
