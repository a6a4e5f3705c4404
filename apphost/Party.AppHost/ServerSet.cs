namespace Party.AppHost;

/// <summary>Another name for <see cref="Servers.StartAsync(ServersOptions, CancellationToken)"/>.</summary>
public static class ServerSet
{
    public static Task<Servers> StartAsync(ServersOptions o, CancellationToken ct = default) => Servers.StartAsync(o, ct);

    public static Task<Servers> StartThrowawayAsync(CancellationToken ct = default) => Servers.StartThrowawayAsync(ct);
}
