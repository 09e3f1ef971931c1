using System.Text.Json.Serialization;
using MudBlazor.Services;
using Platform.Domain;
using Platform.Domain.Users;
using Platform.Training.Execution;
using Platform.Web.Components;
using Platform.Web.Features.Account;
using Platform.Web.Features.BaseModels;
using Platform.Web.Features.Datasets;
using Platform.Web.Features.Experiments;
using Platform.Web.Features.Lineage;
using Platform.Web.Features.Preferences;
using Platform.Web.Features.Registry;
using Platform.Web.Features.Runs;
using Platform.Web.Features.Users;
using Platform.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

// Serves MudBlazor's and Plotly's assets from their packages in every environment, not only Development.
builder.WebHost.UseStaticWebAssets();

var connectionString = builder.Configuration.GetConnectionString("Platform")
    ?? throw new InvalidOperationException(
        "No database is configured. Start the platform with ./platform run (it starts an embedded PostgreSQL), " +
        "or set ConnectionStrings__Platform to a PostgreSQL connection string.");

builder.Services.AddPlatformDomain(connectionString);
builder.Services.AddHostedService<AdminBootstrap>();
builder.Services.AddPlatformAuthentication();
builder.Services.AddTrainingWorker(builder.Configuration);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddProblemDetails();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

var app = builder.Build();

app.UseExceptionHandler();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets().AllowAnonymous();
app.MapHealthChecks("/health").AllowAnonymous();
app.MapAccountEndpoints();
app.MapUserEndpoints();
app.MapEndpointRules();
app.MapPreferenceEndpoints();

// Everything else is the researchers' and viewers' (annotators see only what they rank); each command checks its own permission too.
var experiments = app.MapGroup(string.Empty).RequirePermission(Permission.ViewExperiments);
experiments.MapRunEndpoints();
experiments.MapBaseModelEndpoints();
experiments.MapRegistryEndpoints();
experiments.MapDatasetEndpoints();
experiments.MapLineageEndpoints();
experiments.MapExperimentEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();
