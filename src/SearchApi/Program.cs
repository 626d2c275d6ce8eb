using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Search.Connectors;
using Search.Indexer;
using Search.SearchApi;
using Search.SearchApi.Admin;
using Search.SearchApi.Alerts;
using Search.SearchApi.Endpoints;
using Search.SearchApi.Observability;
using Search.SearchApi.Partners;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});
builder.AddSharedDefaults();
builder.AddObservability();
builder.Services.AddConnectors(builder.Configuration);
builder.Services.AddIndexer(builder.Configuration);
builder.Services.AddSearchApi();
builder.Services.AddPartners();
builder.Services.AddAlerts();
builder.Services.AddAdminConsole();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMetricsEndpoint();
app.UseDefaultFiles();
app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = PageHeaders.Apply });
app.UseAuthentication();
app.MapOpenApi();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
var timed = app.MapTimedGroup();
timed.MapSearchEndpoints();
app.MapAdminEndpoints();
timed.MapPartnerEndpoints();
app.MapSavedSearchEndpoints();
app.MapAnalysisEndpoints();
app.MapAdminConsoleEndpoints();
app.Run();
