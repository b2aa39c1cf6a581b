using PixTools.Api;
using PixTools.Hosting;

var builder = WebApplication.CreateBuilder(args);
var role = builder.AddPixTools();

var app = builder.Build();
if (args is ["migrate", ..])
{
    // `PixTools migrate`: apply the job store's migrations and exit (for deployments with Database:MigrateOnStart=false).
    await app.Services.MigrateJobsDbAsync(always: true);
    return;
}
app.Services.ApplyImagingSettings();
await app.Services.MigrateJobsDbAsync();
app.Services.RegisterScrapeTimeGauges();
if (role.ServesApi()) app.MapPixToolsApi();
else app.MapWorkerEndpoints();
await app.RunAsync();

/// <summary>The entry point, public so integration tests can host it.</summary>
public partial class Program;
