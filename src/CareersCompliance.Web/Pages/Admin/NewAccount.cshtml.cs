using CareersCompliance.Application.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace CareersCompliance.Web.Pages.Admin;

/// <summary>
/// Create an account: username, name, role and the trust or school the role needs. The password is generated and shown once,
/// on the page that answers the creation, as <c>careers users add</c> prints it once; it is stored only as a hash.
/// </summary>
public sealed class NewAccountModel(AccountService accounts) : AdminPageModel(accounts)
{
    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    /// <summary>The account just created and its one-time password (this response only).</summary>
    public (Application.Accounts.Account Account, string Password)? Created { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await AdministratorOnlyAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await AdministratorOnlyAsync(ct) is { } refused)
        {
            return refused;
        }

        var username = AccountService.Normalise(Username ?? "");
        if (username.Length == 0)
        {
            Errors.Add(new FormError("username", "Enter a username"));
        }

        if (string.IsNullOrWhiteSpace(DisplayName))
        {
            Errors.Add(new FormError("display-name", "Enter the name shown in the application, for example the person's name and job"));
        }
        else if (DisplayName.Trim().Length > 120)
        {
            Errors.Add(new FormError("display-name", $"The name must be 120 characters or fewer (it has {DisplayName.Trim().Length})"));
        }

        var roleAndScope = ReadRoleAndScope();
        if (Errors.Count > 0 || roleAndScope is not { } rs)
        {
            return Refused();
        }

        var password = PasswordHashing.Generate();
        try
        {
            var account = await Accounts.AddAsync(username, DisplayName!, rs.Role, rs.Scope, password, Actor, ct);
            Created = (account, password);
            return Page();
        }
        catch (AccountException e)
        {
            // The service refuses a taken or malformed username; role and scope were checked above.
            Errors.Add(new FormError("username", e.Message));
            return Refused();
        }
    }
}
