using System.Globalization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MudBlazor.Services;
using Party.Portal;
using Party.Portal.Api;
using Party.Portal.Auth;
using Party.Portal.Components;
using Party.Portal.Components.Shared;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Health;

var builder = WebApplication.CreateBuilder(args);
// The app host runs the build output (not a publish) as Production: MudBlazor's files are found through the build's manifest.
builder.WebHost.UseStaticWebAssets();
var settings = builder.Configuration.GetSection(PortalSettings.Section).Get<PortalSettings>() ?? new PortalSettings();
builder.Services.Configure<PortalSettings>(builder.Configuration.GetSection(PortalSettings.Section));

// Chinese throughout: number and date formats of zh-CN whatever the machine's locale.
var chinese = CultureInfo.GetCultureInfo("zh-CN");
CultureInfo.DefaultThreadCurrentCulture = chinese;
CultureInfo.DefaultThreadCurrentUICulture = chinese;

builder.AddPartyTelemetry(); // also quiets ASP.NET Core's and HttpClient's per-request lines: traces carry them
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
// Behind the gateway: the browser's address (host, scheme) is the gateway's, and redirects must name it.
builder.Services.Configure<ForwardedHeadersOptions>(o =>
    o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost);
builder.AddPortalAuthentication(settings);
builder.Services.AddAuthorization();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddHttpClient<GatewayApi>(c =>
{
    c.BaseAddress = settings.Gateway;
    c.Timeout = TimeSpan.FromSeconds(30);
});
builder.Services.AddScoped<PortalUser>();
builder.Services.AddScoped<PageTimings>();
builder.Services.AddTransient<MemberNames>();
builder.Services.AddTransient<CadreNames>();
builder.Services.AddMudServices();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();
app.UseForwardedHeaders();
app.UseExceptionHandler("/error", createScopeForErrors: true);
app.MapStaticAssets();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapHealthChecks("/health", HealthReports.Options(_ => true)).AllowAnonymous();
app.MapHealthChecks("/alive", HealthReports.Options(r => r.Tags.Contains("live"))).AllowAnonymous();
app.MapPortalAccount();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();

public partial class Program;
