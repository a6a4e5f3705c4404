using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;

namespace Party.AppHost;

/// <summary>The services, by the name they have everywhere (resource, route, queue prefix).</summary>
public static class Services
{
    public static readonly string[] Names = ["members", "branches", "resident-cadres", "honors", "identity", "webhooks"];
}

/// <summary>Marks what <see cref="Operations.CrashRestarts"/> brings back after an unexpected exit.</summary>
public sealed class RestartOnCrashAnnotation : IResourceAnnotation;

public static class PartyResourceExtensions
{
    /// <summary>
    /// Every project starts at most <see cref="PartySettings.TracesPerSecond"/> recorded traces a second and follows the
    /// decision of a trace it continues (<see cref="TraceSampling"/>), so a recorded request is whole across the gateway, the
    /// services and their consumers; metrics and structured logs (with their trace ids) are not sampled. Metrics go out
    /// every <see cref="PartySettings.MetricExportInterval"/> instead of Aspire's every second (set after Aspire's, so this
    /// wins).
    /// </summary>
    public static void ConfigureTelemetry(this IDistributedApplicationBuilder builder, PartySettings party)
    {
        var perSecond = party.TracesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var interval = ((long)party.MetricExportInterval.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.CreateResourceBuilder(project)
                .WithEnvironment(TraceSampling.TracesPerSecondKey.Replace(":", "__", StringComparison.Ordinal), perSecond)
                .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", interval)
                .WithEnvironment(context =>
                {
                    // Aspire asks a development run to record every trace (always_on), which would replace the budget; an
                    // operator's own OTEL_TRACES_SAMPLER, inherited from the shell, still does (TraceSampling.For).
                    context.EnvironmentVariables.Remove("OTEL_TRACES_SAMPLER");
                    context.EnvironmentVariables.Remove("OTEL_TRACES_SAMPLER_ARG");
                });
        }
    }

    /// <summary>
    /// A service project on its own port (members 5101, …; a free one in a throwaway run), healthy when its
    /// <c>/health</c> answers 200. With replicas, DCP listens on the port and spreads connections over them.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddPartyService<TProject>(this IDistributedApplicationBuilder builder, string name,
        int basePort, PartySettings party) where TProject : IProjectMetadata, new()
    {
        var replicas = party.ReplicasOf(name);
        var service = builder.AddProject<TProject>(name, launchProfileName: null)
            // One instance listens on the port itself: a proxy in front of every request costs throughput for nothing.
            .WithHttpEndpoint(port: party.ServicePort(basePort), name: "http", isProxied: replicas > 1)
            .WithReadinessCheck()
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
            .WithAnnotation(new RestartOnCrashAnnotation());
        if (replicas > 1) service.WithReplicas(replicas);
        foreach (var (key, value) in party.ServiceEnvironment) service.WithEnvironment(key, value);
        return service;
    }

    public static IResourceBuilder<ProjectResource> AddPartyGateway(this IDistributedApplicationBuilder builder, string name, int port,
        PartySettings party)
    {
        var gateway = builder.AddProject<Projects.Party_Gateway>(name, launchProfileName: null)
            .WithHttpEndpoint(port: port, name: "http", isProxied: false)
            .WithReadinessCheck()
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
            .WithAnnotation(new RestartOnCrashAnnotation())
            .WithUrlForEndpoint("http", u => u.DisplayText = "gateway")
            .WithUrl("http://127.0.0.1:" + port + "/docs", "API docs");
        foreach (var (key, value) in party.ServiceEnvironment) gateway.WithEnvironment(key, value);
        return gateway;
    }

    /// <summary>
    /// The identity service (5105): signs every token. It runs as Development, the only environment in which it accepts
    /// the development grant of <c>./party token</c>; the first operator account gets the run's initial password.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddIdentityService(
        this IDistributedApplicationBuilder builder, PartySettings party, string issuer)
    {
        var devClientSecret = builder.AddRunSecret(party, DevelopmentTokens.SecretFile, announce: null);
        var operatorPassword = builder.AddRunSecret(party, "operator-password", announce: password =>
            $"[party] first operator account: admin, initial password {password} (shown once; kept in .party/operator-password). " +
            "Sign in at http://127.0.0.1:8080/account/login and choose your own password.");
        return builder.AddPartyService<Projects.Party_Identity>("identity", basePort: 5105, party)
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
            .WithEnvironment("Party__Auth__Issuer", issuer)
            .WithEnvironment("Identity__RequireHttps", "false")
            .WithEnvironment("Identity__DevelopmentClientSecret", devClientSecret)
            .WithEnvironment("Identity__SeedOperatorPassword", operatorPassword);
    }

    /// <summary>
    /// The township portal (5106): a Blazor app the gateway serves at <c>/</c>, signing people in at the identity service as
    /// the confidential client <c>party-portal</c> and calling every API through the gateway with their tokens.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddPortal(this IDistributedApplicationBuilder builder, PartySettings party,
        IResourceBuilder<ParameterResource> clientSecret, string gatewayUrl) =>
        builder.AddPartyService<Projects.Party_Portal>("portal", basePort: 5106, party)
            .WithEnvironment("Portal__GatewayUrl", gatewayUrl)
            .WithEnvironment("Portal__ClientId", PortalClient.ClientId)
            .WithEnvironment("Portal__ClientSecret", clientSecret)
            .WithEnvironment("Portal__RequireHttps", "false")
            .WithUrlForEndpoint("http", u => u.DisplayText = "portal (direct)")
            .WithUrl(gatewayUrl + "/", "portal");

    /// <summary>
    /// Registers the portal at the identity service from configuration (seeded at its start): its secret and the addresses
    /// it is reached at, one per gateway.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPortalClient(this IResourceBuilder<ProjectResource> identity,
        IResourceBuilder<ParameterResource> clientSecret, IEnumerable<string> gatewayUrls)
    {
        identity.WithEnvironment("Identity__PortalClient__ClientId", PortalClient.ClientId)
            .WithEnvironment("Identity__PortalClient__Secret", clientSecret);
        var n = 0;
        foreach (var url in gatewayUrls)
        {
            identity.WithEnvironment($"Identity__PortalClient__RedirectUris__{n}", url + "/signin-oidc")
                .WithEnvironment($"Identity__PortalClient__PostLogoutRedirectUris__{n}", url + "/signout-callback-oidc");
            n++;
        }
        return identity;
    }

    /// <summary>Validates tokens against the identity service (its address, plain http on this machine) for this issuer.</summary>
    public static IResourceBuilder<ProjectResource> WithTokenIssuer(this IResourceBuilder<ProjectResource> resource,
        IResourceBuilder<ProjectResource> identity, string issuer) =>
        resource.WithReference(identity)
            .WithEnvironment("Party__Auth__Issuer", issuer)
            .WithEnvironment("Party__Auth__RequireHttpsMetadata", "false");

    /// <summary>
    /// A secret of the run as a secret parameter: generated once into <c>.party/NAME</c> (readable by its owner only,
    /// <paramref name="announce"/> printing it that one time); a throwaway run takes <c>Parameters:NAME</c> or a new one.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddRunSecret(
        this IDistributedApplicationBuilder builder, PartySettings party, string name, Func<string, string>? announce)
    {
        var key = $"Parameters:{name}";
        if (!party.Throwaway)
        {
            var (value, created) = RunSecrets.ReadOrCreate(party.StateDir, name);
            builder.Configuration[key] = value;
            if (created && announce is not null) Console.WriteLine(announce(value));
        }
        else if (string.IsNullOrEmpty(builder.Configuration[key]))
        {
            builder.Configuration[key] = RunSecrets.New();
        }
        return builder.AddParameter(name, secret: true);
    }
}

/// <summary>The portal's registration at the identity service; its secret is generated into <c>.party/portal-client-secret</c>.</summary>
public static class PortalClient
{
    public const string ClientId = "party-portal";
    public const string SecretFile = "portal-client-secret";
}

/// <summary>Secrets a run keeps in <c>.party/</c>.</summary>
public static class RunSecrets
{
    public static string New() => "Px" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18))
        .Replace('+', '#').Replace('/', '%') + "a7";

    public static (string Value, bool Created) ReadOrCreate(string stateDir, string name)
    {
        var path = Path.Combine(stateDir, name);
        if (File.Exists(path)) return (File.ReadAllText(path).Trim(), false);
        Directory.CreateDirectory(stateDir);
        var value = New();
        File.WriteAllText(path, value + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return (value, true);
    }
}
