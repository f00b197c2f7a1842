using CareersCompliance.Web.Reading;
using CareersCompliance.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CareersCompliance.Web.Pages;

/// <summary>A problem with one field: the id the error summary links to, and what to fix.</summary>
public sealed record FormError(string FieldId, string Message);

/// <summary>What every signed-in page shares: the user's access, refusals and the as-of date input (day, month, year).</summary>
public abstract class CareersPageModel : PageModel
{
    public UserAccess Access { get; private set; } = null!;

    [BindProperty(SupportsGet = true, Name = "day")]
    public string? AsOfDay { get; set; }

    [BindProperty(SupportsGet = true, Name = "month")]
    public string? AsOfMonth { get; set; }

    [BindProperty(SupportsGet = true, Name = "year")]
    public string? AsOfYear { get; set; }

    public LocalDate AsOf { get; protected set; }

    public string? AsOfError { get; private set; }

    /// <summary>What to fix on the form, listed in the GOV.UK error summary and beside each field.</summary>
    public IList<FormError> Errors { get; } = [];

    public string? ErrorFor(string fieldId) => Errors.FirstOrDefault(e => string.Equals(e.FieldId, fieldId, StringComparison.Ordinal))?.Message;

    /// <summary>Turns a rule the domain refused, or a concurrent change (<paramref name="conflict"/> says what to do), into a
    /// message on the form.</summary>
    protected async Task<bool> TryAsync(Func<Task> action, string fieldId, string conflict)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            await action();
            return true;
        }
        catch (Domain.Common.DomainRuleViolation e)
        {
            Errors.Add(new FormError(fieldId, e.Message));
            return false;
        }
        catch (EventStore.ConcurrencyConflictException)
        {
            Errors.Add(new FormError(fieldId, conflict));
            return false;
        }
    }

    /// <summary>Loads the access of the signed-in account; false when the session no longer stands for an active account.</summary>
    protected async Task<bool> SignedInAsync(CancellationToken ct)
    {
        var access = await HttpContext.RequestServices.GetRequiredService<AccessResolver>().GetAsync(ct);
        if (access is null)
        {
            return false;
        }

        Access = access;
        ViewData["Access"] = access;
        return true;
    }

    /// <summary>A 403 rendered by the error page; the same answer whether the thing exists or not.</summary>
    protected IActionResult Refuse() => StatusCode(StatusCodes.Status403Forbidden);

    protected IActionResult SignIn() => RedirectToPage("/Account/Login", new { returnUrl = Request.Path + Request.QueryString });

    /// <summary>Reads the as-of date from the date input; today when it is empty; sets <see cref="AsOfError"/> when invalid.</summary>
    protected LocalDate ReadAsOf(LocalDate today)
    {
        if (string.IsNullOrWhiteSpace(AsOfDay) && string.IsNullOrWhiteSpace(AsOfMonth) && string.IsNullOrWhiteSpace(AsOfYear))
        {
            AsOf = today;
            return AsOf;
        }

        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (int.TryParse(AsOfDay, inv, out var d) && int.TryParse(AsOfMonth, inv, out var m) && int.TryParse(AsOfYear, inv, out var y)
            && y is >= 2000 and <= 2100 && m is >= 1 and <= 12 && d >= 1 && d <= CalendarSystem.Iso.GetDaysInMonth(y, m))
        {
            AsOf = new LocalDate(y, m, d);
            return AsOf;
        }

        AsOfError = "The as-of date must be a real date, for example 31 3 2027";
        AsOf = today;
        return AsOf;
    }

    /// <summary>The query values that keep the as-of date on links.</summary>
    public IDictionary<string, string> AsOfRoute(LocalDate today) => AsOf == today
        ? new Dictionary<string, string>(StringComparer.Ordinal)
        : new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["day"] = AsOf.Day.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["month"] = AsOf.Month.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["year"] = AsOf.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

    protected Directories Directories => HttpContext.RequestServices.GetRequiredService<Directories>();
}
