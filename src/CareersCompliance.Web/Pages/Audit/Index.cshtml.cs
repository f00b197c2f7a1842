using System.Globalization;
using System.Text;
using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Application.Audit;
using CareersCompliance.Domain.Common;
using CareersCompliance.Web.Reading;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CareersCompliance.Web.Pages.Audit;

/// <summary>
/// The audit search for compliance officers and administrators: the filters of <c>careers audit</c>, pages of 50 in ledger
/// order, a CSV export, and "records as known at" (nothing recorded after the end of that day). Officers search one of
/// their schools at a time; administrators may search all. Every page or export that names pupils is written to the
/// access log.
/// </summary>
public sealed class IndexModel(CareersRuntime runtime, AccessLog log, SavedSearches saved) : CareersPageModel
{
    public const int PageSize = 50;
    private const int ExportLimit = 20_000;

    [BindProperty(SupportsGet = true)]
    public string? School { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Upn { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    /// <summary>Stored event names, chosen from the list (or, from older links, separated by commas).</summary>
    [BindProperty(SupportsGet = true)]
    public string? EventType { get; set; }

    public DateField FromField { get; private set; } = null!;

    public DateField ToField { get; private set; } = null!;

    public DateField KnownAtField { get; private set; } = null!;

    [BindProperty(SupportsGet = true, Name = "file")]
    public string? SourceFile { get; set; }

    /// <summary>One activity's events (the link from a correction to the record it corrects).</summary>
    [BindProperty(SupportsGet = true, Name = "activity")]
    public string? Activity { get; set; }

    [BindProperty(SupportsGet = true)]
    public long After { get; set; }

    /// <summary>The name to save the current search under.</summary>
    [BindProperty(Name = "searchName")]
    public string? SearchName { get; set; }

    /// <summary>This account's saved searches, by name.</summary>
    public IReadOnlyList<SavedSearch> SavedSearches { get; private set; } = [];

    /// <summary>What the last save or delete did (<c>saved</c> or <c>deleted</c>), for the confirmation banner.</summary>
    [BindProperty(SupportsGet = true, Name = "notice")]
    public string? Notice { get; set; }

    public AuditPage? Results { get; private set; }

    /// <summary>The page's rows: one per event, but one per activity register where an event was recorded for each pupil.</summary>
    public IReadOnlyList<AuditRow> Rows { get; private set; } = [];

    public bool Searched { get; private set; }

    public IReadOnlyList<SchoolEntry> Schools { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GuardAsync(ct) is { } refused)
        {
            return refused;
        }

        await SearchAsync(ct);
        return Page();
    }

    /// <summary>Saves the current filters under a name for this account; the search is checked as if it were run.</summary>
    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (await GuardAsync(ct) is { } refused)
        {
            return refused;
        }

        var filter = await SearchAsync(ct);
        if (filter is null)
        {
            Errors.Insert(0, new FormError("search-name", "Run a search that finds what you want before saving it"));
            return Page();
        }

        if (Application.Audit.SavedSearches.NameProblem(SearchName) is { } problem)
        {
            Errors.Add(new FormError("search-name", problem));
            return Page();
        }

        var query = SavedQuery();
        if (!await saved.SaveAsync(Access.Account.AccountId, SearchName!, query, ct))
        {
            Errors.Add(new FormError("search-name", $"You already have a saved search called \"{SearchName!.Trim()}\"; choose another name, or delete that one first"));
            return Page();
        }

        return Redirect($"/audit?{query}&notice=saved");
    }

    /// <summary>Deletes one of this account's saved searches; another account's id is answered as if it did not exist.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (await GuardAsync(ct) is { } refused)
        {
            return refused;
        }

        if (!await saved.DeleteAsync(Access.Account.AccountId, id, ct))
        {
            return NotFound();
        }

        return Redirect("/audit?notice=deleted");
    }

    /// <summary>The query string of the current filters, as a saved search keeps it (no page cursor).</summary>
    public string SavedQuery() => string.Join("&", Route().Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}"));

    /// <summary>Runs the search the query asks for, if any; the filter when it was valid and run.</summary>
    private async Task<AuditFilter?> SearchAsync(CancellationToken ct)
    {
        var asked = Request.Query.Keys.Any(k => !string.Equals(k, "handler", StringComparison.OrdinalIgnoreCase) && !string.Equals(k, "notice", StringComparison.OrdinalIgnoreCase));
        if (!asked || await FilterAsync(PageSize, ct) is not { } filter)
        {
            return null;
        }

        Searched = true;
        Results = await new AuditTrail(runtime.App, runtime.Pupils).QueryAsync(filter, ct);
        Rows = AuditRow.Group(Results.Entries);
        await LogAsync(AccessLog.View, "audit search", Results, filter, ct);
        return filter;
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (await GuardAsync(ct) is { } refused)
        {
            return refused;
        }

        if (await FilterAsync(ExportLimit, ct) is not { } filter)
        {
            return Page();
        }

        var results = await new AuditTrail(runtime.App, runtime.Pupils).QueryAsync(filter, ct);
        await LogAsync(AccessLog.Export, "audit CSV export", results, filter, ct);
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        AuditRendering.AuditCsv(writer, results);
        return File(Encoding.UTF8.GetBytes(writer.ToString()), "text/csv; charset=utf-8", $"audit-{School ?? "all"}-{Directories.Today:yyyy-MM-dd}.csv");
    }

    /// <summary>The chosen event types.</summary>
    public IReadOnlyList<string> EventTypes =>
        [.. (EventType ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>The query values of the current search, for the paging and export links.</summary>
    public IDictionary<string, string> Route(long? after = null)
    {
        var route = new Dictionary<string, string>(StringComparer.Ordinal);
        void Keep(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                route[key] = value;
            }
        }

        Keep("school", School);
        Keep("upn", Upn);
        Keep("actor", Actor);
        Keep("eventType", EventType);
        Keep("from", FromField.Iso);
        Keep("to", ToField.Iso);
        Keep("file", SourceFile);
        Keep("knownAt", KnownAtField.Iso);
        Keep("activity", Activity);
        if (after is { } a)
        {
            route["after"] = a.ToString(CultureInfo.InvariantCulture);
        }

        return route;
    }

    private async Task<IActionResult?> GuardAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct))
        {
            return SignIn();
        }

        if (!Access.CanAudit)
        {
            return Refuse();
        }

        AsOf = Directories.Today;
        Schools = Access.ReadableSchools;
        FromField = DateField.Read(Request.Query, "from", "Recorded from", "For example, 27 3 2027", "from");
        ToField = DateField.Read(Request.Query, "to", "Recorded to", "For example, 27 3 2027", "to");
        KnownAtField = DateField.Read(Request.Query, "known-at", "Records as known at (end of day)", "Leave empty for the records as they stand now.", "knownAt");
        SavedSearches = await saved.ListAsync(Access.Account.AccountId, ct);
        return null;
    }

    private async Task<AuditFilter?> FilterAsync(int limit, CancellationToken ct)
    {
        var school = string.IsNullOrWhiteSpace(School) ? null : School.Trim();
        if (school is null && !Access.IsAdministrator)
        {
            Errors.Add(new FormError("school", "Select one of your schools"));
        }
        else if (school is not null && !Access.CanReadSchool(school))
        {
            Errors.Add(new FormError("school", "Select one of your schools"));
        }

        PupilId? pupil = null;
        if (!string.IsNullOrWhiteSpace(Upn))
        {
            pupil = await runtime.Pupils.FindOneAsync(Upn.Trim().ToUpperInvariant(), ct);
            if (pupil is null)
            {
                Errors.Add(new FormError("upn", "No pupil has this UPN; check it, or leave it empty"));
            }
        }

        foreach (var field in new[] { FromField, ToField, KnownAtField }.Where(f => f.Error is not null))
        {
            Errors.Add(new FormError(field.FirstInputId, field.Error!));
        }

        var (from, to, knownAt) = (FromField.Value, ToField.Value, KnownAtField.Value);
        if (from is { } f && to is { } t && t < f)
        {
            ToField = ToField with { Error = $"Recorded to ({Ui.Date(t)}) must be the same as or after recorded from ({Ui.Date(f)})" };
            Errors.Add(new FormError(ToField.FirstInputId, ToField.Error));
        }

        if (Errors.Count > 0)
        {
            return null;
        }

        return new AuditFilter
        {
            SchoolUrn = school,
            Pupil = pupil,
            Actor = string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim(),
            EventTypes = EventTypes,
            From = from?.AtStartOfDayInZone(Directories.London).ToInstant(),
            To = to?.PlusDays(1).AtStartOfDayInZone(Directories.London).ToInstant() - Duration.Epsilon,
            KnownAt = knownAt?.PlusDays(1).AtStartOfDayInZone(Directories.London).ToInstant() - Duration.Epsilon,
            File = string.IsNullOrWhiteSpace(SourceFile) ? null : SourceFile.Trim(),
            ActivityId = string.IsNullOrWhiteSpace(Activity) ? null : Activity.Trim(),
            After = After,
            Limit = limit,
        };
    }

    private async Task LogAsync(string action, string resource, AuditPage results, AuditFilter filter, CancellationToken ct)
    {
        var withPupils = results.Entries.Count(e => e.Pupil is not null);
        if (withPupils == 0)
        {
            return;
        }

        var school = filter.SchoolUrn;
        await log.WriteAsync(new AccessRecord(Access.Account.AccountId, Access.Account.Username, Access.RoleName, action, resource, school,
            school is null ? null : Access.Directory.School(school)?.TrustId, filter.Pupil is { } p ? [p.Value] : [], withPupils,
            string.Join("&", Route(After).Select(kv => kv.Key + "=" + kv.Value))), ct);
    }
}
