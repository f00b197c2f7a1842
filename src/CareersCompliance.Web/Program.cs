using CareersCompliance.Web.Hosting;

// The web host: pages, API and the ledger's background work; the wiring lives in CareersComplianceHosting.
var builder = WebApplication.CreateBuilder(args);
await builder.AddCareersComplianceAsync(CancellationToken.None);
var app = builder.Build();
app.MapCareersCompliance();
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
