using PixTools.Api;
using PixTools.Hosting;

// The content root is the program's own folder, whatever the current directory: appsettings.json and wwwroot are
// found beside the binary. Data (the SQLite file, the blobs) is resolved elsewhere: see DataPaths.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
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
