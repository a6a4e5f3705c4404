using Microsoft.Extensions.Configuration;

namespace Party.AppHost;

/// <summary>The four services, by the name they have everywhere (resource, route, queue prefix).</summary>
public static class Services
{
    public static readonly string[] Names = ["members", "branches", "resident-cadres", "honors"];
}

/// <summary>Marks what <see cref="Operations.CrashRestarts"/> brings back after an unexpected exit.</summary>
public sealed class RestartOnCrashAnnotation : IResourceAnnotation;

public static class PartyResourceExtensions
{
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
            .WithHttpHealthCheck("/health")
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
            .WithHttpHealthCheck("/health")
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
            .WithAnnotation(new RestartOnCrashAnnotation())
            .WithUrlForEndpoint("http", u => u.DisplayText = "gateway")
            .WithUrl("http://127.0.0.1:" + port + "/docs", "API docs");
        foreach (var (key, value) in party.ServiceEnvironment) gateway.WithEnvironment(key, value);
        return gateway;
    }

    /// <summary>
    /// The development JWT signing key (until an identity provider signs tokens), as a secret parameter: generated once
    /// into <c>.party/signing-key</c> for runs, so <c>./party token</c> can mint with it; a new one for each throwaway run.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddSigningKey(this IDistributedApplicationBuilder builder, PartySettings party)
    {
        // A throwaway run takes the key it is given (tests mint tokens with it) or a new one (see PartySettings.From).
        if (!party.Throwaway) builder.Configuration["Parameters:signing-key"] = DevTokenCommand.SigningKey(party.StateDir);
        return builder.AddParameter("signing-key", secret: true);
    }
}
