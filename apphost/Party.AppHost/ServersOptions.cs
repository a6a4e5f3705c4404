namespace Party.AppHost;

/// <summary>The ports of the three servers (and RabbitMQ's Erlang distribution and epmd).</summary>
public sealed record ServerPorts
{
    public int Postgres { get; init; } = 55432;
    public int RabbitMq { get; init; } = 55672;
    public int RabbitMqManagement { get; init; } = 55673;
    public int RabbitMqDist { get; init; } = 55674;
    public int Epmd { get; init; } = 55675;
    public int Redis { get; init; } = 56379;

    /// <summary>The fixed ports of <c>./party run</c>.</summary>
    public static ServerPorts Run => new();

    /// <summary>Ports nothing listens on right now (throwaway servers for tests).</summary>
    public static ServerPorts PickFree() => new()
    {
        Postgres = Ports.Free(),
        RabbitMq = Ports.Free(),
        RabbitMqManagement = Ports.Free(),
        RabbitMqDist = Ports.Free(),
        Epmd = Ports.Free(),
        Redis = Ports.Free(),
    };
}

public sealed class ServersOptions
{
    /// <summary>Data and logs (<c>logs/&lt;resource&gt;.log</c>). Null: a new temporary directory (throwaway).</summary>
    public string? StateDir { get; set; }

    /// <summary>
    /// Free ports, no durability (fsync off, no Redis snapshots), a unique state directory,
    /// and everything deleted again on dispose.
    /// </summary>
    public bool Throwaway { get; set; }

    /// <summary>Wipe the servers' data before starting.</summary>
    public bool Reset { get; set; }

    /// <summary>Null: <see cref="ServerPorts.Run"/>, or free ports when <see cref="Throwaway"/>.</summary>
    public ServerPorts? Ports { get; set; }

    /// <summary>
    /// PostgreSQL's own directory (data, socket). Null: under <c>/var/tmp/party-HASH</c> when
    /// running as root (its parents must be enterable by the postgres user), else under the state dir.
    /// </summary>
    public string? PostgresDir { get; set; }

    /// <summary>Use servers named by <c>ConnectionStrings__postgres|rabbitmq|redis|rabbitmq-management</c> instead of starting them.</summary>
    public bool UseEnvironment { get; set; } = true;

    /// <summary>
    /// Existing servers, keys <c>postgres</c>, <c>rabbitmq</c>, <c>redis</c>, <c>rabbitmq-management</c>;
    /// these win over the environment.
    /// </summary>
    public IDictionary<string, string> ConnectionStrings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Echo the servers' output to the console with a <c>[name] </c> prefix.</summary>
    public bool EchoToConsole { get; set; }

    /// <summary>How long each server may take to accept connections.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Progress lines ("postgres ready in 0.8 s"); null: silent.</summary>
    public Action<string>? Log { get; set; }

    public static ServersOptions ForRun(string repoRoot, bool reset = false) => new()
    {
        StateDir = Path.Combine(repoRoot, ".party"),
        PostgresDir = Native.IsRoot ? Path.Combine(RepoPaths.PostgresBaseFor(repoRoot), "postgres") : null,
        Reset = reset,
        Ports = ServerPorts.Run,
    };

    public static ServersOptions ForThrowaway() => new() { Throwaway = true };
}
