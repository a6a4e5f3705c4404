using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Party.Portal;
using Party.Portal.Api;
using Party.Portal.Auth;
using Party.Portal.Components.Shared;

namespace Party.Portal.Tests;

/// <summary>
/// The "导出 Excel" button of the office lists when the export cannot be had: the reason is shown beside the button and
/// nothing is downloaded; an ended session signs in again and comes back to the list. The gateway here is a port nobody
/// listens on, so the portal's own handling is what is tested.
/// </summary>
public class ExportButtonTests : BunitContext
{
    private readonly PortalSessions _sessions;

    public ExportButtonTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        var settings = Options.Create(new PortalSettings { GatewayUrl = $"http://127.0.0.1:{ClosedPort()}" });
        _sessions = new PortalSessions(
            new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>(), settings,
            TimeProvider.System, NullLogger<PortalSessions>.Instance);
        Services.AddSingleton(_sessions);
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<PortalUser>();
        Services.AddScoped<PageTimings>();
        Services.AddScoped(sp => new GatewayApi(new HttpClient { BaseAddress = settings.Value.Gateway }, _sessions,
            sp.GetRequiredService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>()));
    }

    /// <summary>A local port that was free a moment ago: a connection to it is refused.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void SignedIn(string? session)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("乡镇文书");
        var claims = new List<Claim> { new(PortalClaims.Role, Roles.Township) };
        if (session is not null) claims.Add(new Claim(PortalSessions.SessionClaim, session));
        auth.SetClaims([.. claims]);
    }

    private IRenderedComponent<ExportButton> Button() => Render<ExportButton>(p => p
        .Add(x => x.Path, () => "api/resident-cadres/attendance/2026/12?format=xlsx")
        .Add(x => x.FileName, "驻村干部考勤-2026年12月.xlsx"));

    [Fact]
    public void An_unreachable_server_is_said_beside_the_button_and_nothing_is_downloaded()
    {
        SignedIn(_sessions.Add("token", null, null, TimeSpan.FromHours(1)));
        var button = Button();
        Assert.Equal("导出 Excel", button.Find("[data-testid=export]").TextContent.Trim());
        button.Find("[data-testid=export]").Click();
        button.WaitForAssertion(() =>
            Assert.Equal(ApiProblem.UnreachableMessage, button.Find("[data-testid=problem-message]").TextContent));
        Assert.DoesNotContain(JSInterop.Invocations, i => i.Identifier == "partyPortal.download");
        Assert.False(button.Find("[data-testid=export]").HasAttribute("disabled"));
    }

    [Fact]
    public void An_ended_session_signs_in_again_and_returns_to_the_list()
    {
        SignedIn(session: null);
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        navigation.NavigateTo("attendance?year=2026&month=12");
        var button = Button();
        button.Find("[data-testid=export]").Click();
        button.WaitForAssertion(() =>
            Assert.EndsWith("signin?returnUrl=" + Uri.EscapeDataString("/attendance?year=2026&month=12"), navigation.Uri));
        Assert.DoesNotContain(JSInterop.Invocations, i => i.Identifier == "partyPortal.download");
        Assert.Empty(button.FindAll("[data-testid=problem]"));
    }
}
