using System.Text.Json.Serialization;
using MudBlazor.Services;
using Platform.Domain;
using Platform.Training.Execution;
using Platform.Web.Components;
using Platform.Web.Features.BaseModels;
using Platform.Web.Features.Datasets;
using Platform.Web.Features.Experiments;
using Platform.Web.Features.Lineage;
using Platform.Web.Features.Preferences;
using Platform.Web.Features.Registry;
using Platform.Web.Features.Runs;
using Platform.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

// Serves MudBlazor's and Plotly's assets from their packages in every environment, not only Development.
builder.WebHost.UseStaticWebAssets();

var connectionString = builder.Configuration.GetConnectionString("Platform")
    ?? throw new InvalidOperationException(
        "No database is configured. Start the platform with ./platform run (it starts an embedded PostgreSQL), " +
        "or set ConnectionStrings__Platform to a PostgreSQL connection string.");

builder.Services.AddPlatformDomain(connectionString);
builder.Services.AddHostedService<OperatorRegistration>();
builder.Services.AddTrainingWorker(builder.Configuration);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddProblemDetails();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

var app = builder.Build();

app.UseExceptionHandler();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapHealthChecks("/health");
app.MapRunEndpoints();
app.MapBaseModelEndpoints();
app.MapRegistryEndpoints();
app.MapPreferenceEndpoints();
app.MapDatasetEndpoints();
app.MapLineageEndpoints();
app.MapExperimentEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();
