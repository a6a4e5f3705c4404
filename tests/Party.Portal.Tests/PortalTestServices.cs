using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Party.Portal.Api;
using Party.Portal.Auth;
using Party.Portal.Components.Shared;

namespace Party.Portal.Tests;

/// <summary>The portal's services in a bUnit context: a gateway that answers from a test's handler and a signed-in person.</summary>
internal static class PortalTestServices
{
    public static void SignIn(BunitContext context, HttpMessageHandler gateway, string name, params Claim[] claims)
    {
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        var settings = Options.Create(new PortalSettings { GatewayUrl = "http://gateway.test" });
        var sessions = new PortalSessions(
            new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>(), settings,
            TimeProvider.System, NullLogger<PortalSessions>.Instance);
        context.Services.AddSingleton(sessions);
        context.Services.AddSingleton(TimeProvider.System);
        context.Services.AddScoped<PortalUser>();
        context.Services.AddScoped<PageTimings>();
        context.Services.AddScoped(sp => new GatewayApi(new HttpClient(gateway) { BaseAddress = settings.Value.Gateway }, sessions,
            sp.GetRequiredService<AuthenticationStateProvider>()));
        var auth = context.AddAuthorization();
        auth.SetAuthorized(name);
        auth.SetClaims([.. claims, new Claim(PortalSessions.SessionClaim, sessions.Add("token", null, null, TimeSpan.FromHours(1)))]);
    }

    /// <summary>A township clerk (乡镇组织委员) of a township of its own, signed in.</summary>
    public static void SignInTownship(BunitContext context, HttpMessageHandler gateway) =>
        SignIn(context, gateway, "乡镇组织委员", new Claim(PortalClaims.Role, Roles.Township),
            new Claim(PortalClaims.Name, "乡镇组织委员"), new Claim(PortalClaims.Subject, "township-clerk"),
            new Claim(PortalClaims.Org, Guid.NewGuid().ToString()));
}
