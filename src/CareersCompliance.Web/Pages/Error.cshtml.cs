using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareersCompliance.Web.Pages;

/// <summary>Error pages for people (the API answers with problem details instead). The status code is kept.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Sorry, there is a problem with the service";

    public string Message { get; private set; } = "Try again later.";

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private string RetryAfter() =>
        int.TryParse(Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 1
            ? $"{seconds} seconds"
            : "a minute";

    private void Describe(int? code)
    {
        (Title, Message) = code switch
        {
            403 => ("You cannot see this page", "Your account does not give you access to this school, trust or page. Ask your administrator if you need it."),
            404 => ("Page not found", "Check the address, or go back to the overview."),
            400 => ("There is a problem with the request", "The form may have expired. Go back, reload the page and try again."),
            429 => ("Too many attempts to sign in", $"There have been too many attempts to sign in from this network. Wait {RetryAfter()}, then try again."),
            _ => (Title, Message),
        };
        if (code is >= 400 and < 600 && HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
        {
            Response.StatusCode = code.Value;
        }
    }
}
