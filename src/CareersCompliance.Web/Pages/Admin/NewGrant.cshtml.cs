using CareersCompliance.Application.Accounts;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CareersCompliance.Web.Pages.Admin;

/// <summary>
/// Grant an inspector read-only access to one school: the period under inspection, whether pupils are shown identified or
/// pseudonymised, why, and the day access ends (at the end of that day, Europe/London, as <c>careers grants add --expires
/// DATE</c> reads a date). Every field is checked before anything is written.
/// </summary>
public sealed class NewGrantModel(AccountService accounts, IClock clock) : AdminPageModel(accounts)
{
    [BindProperty(SupportsGet = true)]
    public string? Inspector { get; set; }

    [BindProperty]
    public string? Identities { get; set; }

    [BindProperty]
    public string? Purpose { get; set; }

    public IReadOnlyList<Application.Accounts.Account> Inspectors { get; private set; } = [];

    public DateField From { get; private set; } = null!;

    public DateField To { get; private set; } = null!;

    public DateField Expires { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await AdministratorOnlyAsync(ct) is { } refused)
        {
            return refused;
        }

        await LoadAsync(ct);
        (From, To, Expires) = (Empty("period-from", "Period from"), Empty("period-to", "Period to"), Empty("expires", "Access ends"));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await AdministratorOnlyAsync(ct) is { } refused)
        {
            return refused;
        }

        await LoadAsync(ct);
        var form = new QueryCollection(Request.Form.ToDictionary(f => f.Key, f => f.Value, StringComparer.OrdinalIgnoreCase));
        From = Required(DateField.Read(form, "period-from", "Period from", FromHint, "periodFrom"), "Enter the first day of the period");
        To = Required(DateField.Read(form, "period-to", "Period to", ToHint, "periodTo"), "Enter the last day of the period");
        Expires = Required(DateField.Read(form, "expires", "Access ends", ExpiresHint, "expiresOn"), "Enter the day access ends");

        var (inspector, school, showIdentities) = Validate();
        if (Errors.Count > 0 || inspector is null || school is null || From.Value is not { } from || To.Value is not { } to || Expires.Value is not { } until)
        {
            return Refused();
        }

        try
        {
            await Accounts.GrantAsync(inspector.Username, school.Urn, from, to, until.PlusDays(1).AtStartOfDayInZone(Reading.Directories.London).ToInstant(),
                showIdentities!.Value, Purpose ?? "", Actor, ct);
        }
        catch (AccountException e)
        {
            Errors.Add(new FormError("inspector", e.Message));
            return Refused();
        }

        return RedirectToPage("/Admin/Home", new { done = "grant-created" });
    }

    /// <summary>Checks every field, adding what to fix for each; the inspector, school and identity choice when given.</summary>
    private (Application.Accounts.Account? Inspector, SchoolEntry? School, bool? ShowIdentities) Validate()
    {
        var inspector = Inspectors.FirstOrDefault(i => string.Equals(i.Username, Inspector, StringComparison.Ordinal));
        if (inspector is null)
        {
            Errors.Add(new FormError("inspector", "Select the inspector"));
        }

        var school = string.IsNullOrWhiteSpace(School) ? null : Access.Directory.School(School.Trim());
        if (school is null)
        {
            Errors.Add(new FormError("school", "Select the school the inspector may read"));
        }

        foreach (var field in new[] { From, To })
        {
            if (field.Error is { } e)
            {
                Errors.Add(new FormError(field.FirstInputId, e));
            }
        }

        if (From.Value is { } f && To.Value is { } t && t < f)
        {
            Errors.Add(new FormError(To.FirstInputId, "Period to must be the same as or after period from"));
        }

        var today = clock.GetCurrentInstant().InZone(Reading.Directories.London).Date;
        if (Expires.Error is { } ee)
        {
            Errors.Add(new FormError(Expires.FirstInputId, ee));
        }
        else if (Expires.Value is { } ends && ends < today)
        {
            Errors.Add(new FormError(Expires.FirstInputId, "Access ends must be today or a later day"));
        }

        var showIdentities = Identities switch { "pseudonymised" => false, "identified" => true, _ => (bool?)null };
        if (showIdentities is null)
        {
            Errors.Add(new FormError("identities", "Select whether the inspector sees pupils pseudonymised or identified"));
        }

        if (Purpose?.Trim().Length > 200)
        {
            Errors.Add(new FormError("purpose", $"The purpose must be 200 characters or fewer (it has {Purpose.Trim().Length})"));
        }

        return (inspector, school, showIdentities);
    }

    private const string FromHint = "The first day of the period under inspection, for example 1 9 2026";
    private const string ToHint = "The last day of the period, for example 31 8 2027";
    private const string ExpiresHint = "Access ends at the end of this day, for example 31 1 2027";

    private static DateField Empty(string id, string legend) => new(id, legend, id switch
    {
        "period-from" => FromHint,
        "period-to" => ToHint,
        _ => ExpiresHint,
    }, null, null, null, null);

    private static DateField Required(DateField field, string missing) =>
        field.Value is null && field.Error is null ? field with { Error = missing } : field;

    private async Task LoadAsync(CancellationToken ct) =>
        Inspectors = [.. (await Accounts.ListAsync(ct)).Where(a => a.Role == AccountRole.Inspector && !a.Disabled)];
}
