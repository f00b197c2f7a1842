using CareersCompliance.Web.Hosting;

// The web host: pages, API and the ledger's background work; the wiring lives in CareersComplianceHosting.
var builder = WebApplication.CreateBuilder(args);
try
{
    await builder.AddCareersComplianceAsync(CancellationToken.None);
}
catch (CareersCompliance.EventStore.Hosting.ConnectionStringException e)
{
    // Why no stack trace: the setting is wrong, not the program; the message names the setting and what to fix.
    await Console.Error.WriteLineAsync($"careers-web: {e.Message}");
    return 1;
}

var app = builder.Build();
app.MapCareersCompliance();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
