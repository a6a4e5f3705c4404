using Party.Identity;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;

var builder = WebApplication.CreateBuilder(args);
// This service validates the tokens it issues with its own keys, not through a discovery document.
builder.Configuration[AuthExtensions.IssuesTokensConfig] = "true";
builder.AddServiceDefaults(Party.Identity.Extensions.Database);
builder.AddIdentity();

var app = builder.Build();
app.UseForwardedHeaders();
app.MapDefaultEndpoints();
app.UseAntiforgery();
app.MapIdentityApis();
app.Run();

public partial class Program;
