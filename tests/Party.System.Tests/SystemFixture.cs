using System.Net.Http.Headers;
using System.Net.Http.Json;
using Party.AppHost;
using Party.ServiceDefaults.Auth;

namespace Party.System.Tests;

/// <summary>
/// The whole system as operators run it: throwaway servers of its own (so a test may stop RabbitMQ)
/// and every service and the gateway as real processes started by the app host's code.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    private PartyHost? _rateLimited;

    public Servers Servers { get; private set; } = null!;
    public PartyHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Servers = await Servers.StartAsync(new ServersOptions { Throwaway = true, UseEnvironment = false });
        Host = await PartyHost.StartAsync(Servers, new PartyHostOptions
        {
            DatabasePrefix = "sys_",
            VirtualHost = "sys",
            Replicas = { ["members"] = 2 },
            // Lets tests move a service's business clock past a public notice or a year end.
            Environment = { ["Party__Testing__ClockControl"] = "true" },
        });
    }

    /// <summary>A second, small system (branches and two gateways) with a low per-client limit, for the shared rate limit.</summary>
    public async Task<PartyHost> RateLimitedHostAsync(int permitLimit, int windowSeconds)
    {
        if (_rateLimited is not null) return _rateLimited;
        var options = new PartyHostOptions
        {
            DatabasePrefix = "rl_",
            VirtualHost = "rl",
            Services = ["branches"],
            GatewayReplicas = 2,
        };
        options.ResourceEnvironment["gateway"] = new Dictionary<string, string>
        {
            ["Gateway__RateLimit__PermitLimit"] = permitLimit.ToString(),
            ["Gateway__RateLimit__WindowSeconds"] = windowSeconds.ToString(),
        };
        _rateLimited = await PartyHost.StartAsync(Servers, options);
        return _rateLimited;
    }

    public HttpClient Gateway(string role, Guid org, params string[] scopes) => Client(Host, Host.GatewayUrl, role, org, scopes);

    public static HttpClient Client(PartyHost host, string baseUrl, string role, Guid org, params string[] scopes)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(role, org, scopes, subject: $"{role}-{org:N}"));
        return client;
    }

    public HttpClient Operator() => Gateway(PartyRoles.Operator, Guid.Empty);

    /// <summary>
    /// Moves the business clock of every instance of <paramref name="service"/> to now + <paramref name="days"/>
    /// (each replica keeps its own clock, so this goes to each instance directly, not through the gateway).
    /// </summary>
    public async Task SetClockAsync(string service, double days)
    {
        var instances = Host.Resources.Select(r => r.Name).Where(n => n == service || n.StartsWith(service + "-") && int.TryParse(n[(service.Length + 1)..], out _));
        foreach (var instance in instances)
        {
            using var client = Client(Host, Host.UrlOf(instance), PartyRoles.Operator, Guid.Empty);
            var response = await client.PutAsJsonAsync($"/api/{service}/testing/clock", new { offsetDays = days });
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"{instance}: setting the clock answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async Task DisposeAsync()
    {
        if (_rateLimited is not null) await _rateLimited.DisposeAsync();
        if (Host is not null) await Host.DisposeAsync();
        if (Servers is not null) await Servers.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
