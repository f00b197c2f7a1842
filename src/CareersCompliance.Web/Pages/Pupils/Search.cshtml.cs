using CareersCompliance.Application;
using CareersCompliance.Application.Accounts;
using CareersCompliance.Application.Pupils;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Pupils;

/// <summary>
/// Pupil search by name or UPN within the user's scope: a leader their school, a director or officer their trust (by UPN
/// only, as they never see names), an inspector the schools whose grant shows identities (not at all when pseudonymised).
/// Every search is written to the access log with the pupils it found.
/// </summary>
public sealed class SearchModel(CareersRuntime runtime, AccessLog log) : CareersPageModel
{
    public const int Shown = 50;

    /// <summary>One pupil found, as this user may see them.</summary>
    public sealed record Result(Guid PupilId, string SchoolUrn, string SchoolName, string Upn, string? Name);

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public IReadOnlyList<Result> Results { get; private set; } = [];

    /// <summary>More pupils matched than are shown.</summary>
    public bool More { get; private set; }

    /// <summary>Whether this user may search by name at any school (else by UPN only).</summary>
    public bool ByName { get; private set; }

    public bool Searched { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct))
        {
            return SignIn();
        }

        var searchable = Access.SearchableSchools;
        if (searchable.Count == 0)
        {
            return Refuse();
        }

        AsOf = Directories.Today;
        var named = searchable.Where(s => Access.MaySeeNames(s.Urn)).ToList();
        ByName = named.Count > 0;
        var term = Query?.Trim() ?? "";
        if (term.Length == 0)
        {
            return Page();
        }

        var kind = PupilSearch.KindOf(term);
        if (kind == PupilSearchKind.Name && !ByName)
        {
            return Invalid("Enter a UPN: a letter and 12 digits, for example A123456789012. Your access shows pupils by UPN, not by name, so you cannot search by name");
        }

        if (kind == PupilSearchKind.Name && term.Replace(" ", "", StringComparison.Ordinal).Length < PupilSearch.MinimumNameLength)
        {
            return Invalid($"Enter at least {PupilSearch.MinimumNameLength} letters of a name, or a UPN");
        }

        var scope = kind == PupilSearchKind.Upn ? searchable : named;
        var hits = await new PupilSearch(runtime.App).FindAsync(term, [.. scope.Select(s => s.Urn)], Shown + 1, ct);
        More = hits.Count > Shown;
        Results = [.. hits.Take(Shown).Select(h => new Result(h.PupilId.Value, h.SchoolUrn, Access.Directory.School(h.SchoolUrn)?.Name ?? h.SchoolUrn,
            h.Upn ?? "[unknown]", Access.MaySeeNames(h.SchoolUrn) ? $"{h.Forename} {h.Surname}".Trim() : null))];
        Searched = true;
        await LogAsync(kind, ct);
        return Page();
    }

    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult Invalid(string message)
    {
        Errors.Add(new FormError("q", message));
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    // Why the kind and not the words searched for: a name typed in is personal data the log would then keep for ever, and
    // the pupils found (by id) say whom the search reached. One row per school, so each school's auditors see it.
    private async Task LogAsync(PupilSearchKind kind, CancellationToken ct)
    {
        var detail = kind == PupilSearchKind.Upn ? "search by UPN" : "search by name";
        var bySchool = Results.GroupBy(r => r.SchoolUrn, StringComparer.Ordinal).ToList();
        if (bySchool.Count == 0)
        {
            var scope = Access.Account.Scope;
            await log.WriteAsync(new AccessRecord(Access.Account.AccountId, Access.Account.Username, Access.RoleName, AccessLog.View, "pupil search",
                scope.Kind == ScopeKind.School ? scope.Id : null, scope.Kind == ScopeKind.Trust ? scope.Id : null, [], 0, detail + ", nothing found"), ct);
            return;
        }

        foreach (var school in bySchool)
        {
            await log.WriteAsync(new AccessRecord(Access.Account.AccountId, Access.Account.Username, Access.RoleName, AccessLog.View, "pupil search",
                school.Key, Access.Directory.School(school.Key)?.TrustId, [.. school.Select(r => r.PupilId)], school.Count(), detail), ct);
        }
    }
}
