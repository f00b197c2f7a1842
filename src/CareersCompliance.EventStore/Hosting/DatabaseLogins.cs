namespace CareersCompliance.EventStore.Hosting;

/// <summary>
/// The connection strings a process connects with. A web host in production is given only <see cref="App"/> and
/// <see cref="Sealer"/>, logins of the roles themselves, and so holds no owner credentials; the CLI and the embedded
/// default give the owner's, and the process then acts as each role through it.
/// </summary>
/// <param name="Owner">The owner's login (migrations, verification, erasure), or null when this process has none.</param>
/// <param name="App">A login of careers_app, or null to act as it through <paramref name="Owner"/>.</param>
/// <param name="Sealer">A login of careers_sealer, or null to act as it through <paramref name="Owner"/>.</param>
public sealed record DatabaseLogins(string? Owner, string? App = null, string? Sealer = null)
{
    /// <summary>The connection string careers_app's data source uses.</summary>
    public string ForApplication => App ?? Owner ?? throw Missing("ConnectionStrings:CareersApp");

    /// <summary>The connection string careers_sealer's data source uses.</summary>
    public string ForSealer => Sealer ?? Owner ?? throw Missing("ConnectionStrings:CareersSealer");

    private static ConnectionStringException Missing(string setting) => new(
        $"Neither {setting} nor the owner's ConnectionStrings:Careers is set: give the role's own login, or the owner's.");
}
