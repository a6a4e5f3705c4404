namespace Party.AppHost;

/// <summary>One of the four services: where its build output is, which database it owns, its first port.</summary>
public sealed record PartyService(string Name, string ProjectDir, string AssemblyName, string Database, int BasePort)
{
    public static readonly PartyService Members = new("members", "services/members/Party.Members", "Party.Members", "members", 5101);
    public static readonly PartyService Branches = new("branches", "services/branches/Party.Branches", "Party.Branches", "branches", 5102);
    public static readonly PartyService ResidentCadres = new("resident-cadres", "services/resident-cadres/Party.ResidentCadres", "Party.ResidentCadres", "cadres", 5103);
    public static readonly PartyService Honors = new("honors", "services/honors/Party.Honors", "Party.Honors", "honors", 5104);

    /// <summary>The gateway is not a service of its own database; it is listed here for its paths and ports.</summary>
    public static readonly PartyService Gateway = new("gateway", "gateway/Party.Gateway", "Party.Gateway", "", 8080);

    public static IReadOnlyList<PartyService> All { get; } = [Members, Branches, ResidentCadres, Honors];

    /// <summary>The connection-string name the service reads (<c>ConnectionStrings__cadres</c> for resident-cadres).</summary>
    public string ConnectionName => Database;

    public string DllPath(string repoRoot, string configuration = "Release") =>
        Path.Combine(repoRoot, ProjectDir, "bin", configuration, "net10.0", AssemblyName + ".dll");

    /// <summary>Resource name of replica <paramref name="n"/> (1-based): members, members-2, …</summary>
    public string ResourceName(int n) => n <= 1 ? Name : $"{Name}-{n}";

    /// <summary>Fixed port of replica n: base + 10·(n−1); the gateway's replicas are 8080, 8081, ….</summary>
    public int FixedPort(int n) => this == Gateway ? BasePort + (n - 1) : BasePort + 10 * (n - 1);

    public static PartyService Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown service '{name}'; known: {string.Join(", ", All.Select(s => s.Name))}.", nameof(name));
}

public sealed class PartyHostOptions
{
    /// <summary>The checkout (directory of Party.sln). Null: found by walking up from the current directory / this assembly.</summary>
    public string? RepoRoot { get; set; }

    public string Configuration { get; set; } = "Release";

    /// <summary>Instances per service name (members, branches, resident-cadres, honors); absent = 1.</summary>
    public IDictionary<string, int> Replicas { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gateway instances (gateway, gateway-2, …); they share rate limits through Redis.</summary>
    public int GatewayReplicas { get; set; } = 1;

    /// <summary>Start a gateway at all.</summary>
    public bool IncludeGateway { get; set; } = true;

    /// <summary>Only these services (names); null: all four.</summary>
    public IReadOnlyCollection<string>? Services { get; set; }

    /// <summary>Prefix of the databases (e.g. <c>t1_</c> → <c>t1_members</c>), so several hosts can share one PostgreSQL.</summary>
    public string DatabasePrefix { get; set; } = "";

    /// <summary>RabbitMQ virtual host; anything but "/" is created through the management API.</summary>
    public string VirtualHost { get; set; } = "/";

    /// <summary>Base64 HMAC key shared by the gateway and services (<c>Party__Auth__SigningKey</c>). Null: a fresh one.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The fixed ports of <c>./party run</c> (5101…, 8080); false: free ports (tests).</summary>
    public bool FixedPorts { get; set; }

    /// <summary>Where <c>logs/&lt;resource&gt;.log</c> go. Null: a temporary directory deleted on dispose.</summary>
    public string? StateDir { get; set; }

    /// <summary>Echo every process's output to the console with a <c>[resource] </c> prefix.</summary>
    public bool EchoToConsole { get; set; }

    /// <summary>How long each instance may take to answer GET /health with 200.</summary>
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Extra variables for every service and gateway process.</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    /// <summary>Extra variables per resource or service name ("members" applies to members and members-2; "gateway" to all gateways).</summary>
    public IDictionary<string, IDictionary<string, string>> ResourceEnvironment { get; } =
        new Dictionary<string, IDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Progress lines; null: silent.</summary>
    public Action<string>? Log { get; set; }

    public int ReplicasOf(string service) => Replicas.TryGetValue(service, out var n) && n > 0 ? n : 1;
}
