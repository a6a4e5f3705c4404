using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Party.AppHost.Servers;

/// <summary>PostgreSQL 15 from the Debian package, run as the <c>postgres</c> user (the server refuses root).</summary>
public sealed class PostgresServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public EndpointReference Endpoint => new(this, "tcp");

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Host=127.0.0.1;Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Password=postgres");
}

/// <summary>A service's database on the PostgreSQL server; created when missing, so an existing server works too.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, IResourceWithConnectionString parent)
    : Resource(name), IResourceWithParent<IResourceWithConnectionString>, IResourceWithConnectionString
{
    public IResourceWithConnectionString Parent { get; } = parent;
    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}

public static class PostgresServerExtensions
{
    /// <summary>
    /// The PostgreSQL server, or the one given as <c>ConnectionStrings:postgres</c> (then neither started nor stopped).
    /// A one-shot <c>postgres-init</c> creates the cluster on the first run; the server waits for it to complete.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddPostgresServer(
        this IDistributedApplicationBuilder builder, string name, PartySettings party)
    {
        if (builder.Configuration.GetConnectionString(name) is { Length: > 0 } existing)
        {
            builder.Services.AddHealthChecks().AddCheck(name + "-ready", new PostgresCheck(existing, database: null));
            return builder.AddConnectionString(name).WithHealthCheck(name + "-ready");
        }

        var bin = Directory.GetDirectories("/usr/lib/postgresql")
            .Where(d => File.Exists(Path.Combine(d, "bin", "postgres")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
            .Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault() ?? throw new InvalidOperationException(
                "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin: install the Debian package postgresql.");
        var data = Path.Combine(party.PostgresDir, "data");
        var socket = Path.Combine(party.PostgresDir, "run");
        var asRoot = Environment.IsPrivilegedProcess;
        // setpriv execs the server: DCP's SIGTERM reaches PostgreSQL itself, and nothing is left behind.
        string AsPostgres(string tool) =>
            asRoot ? $"setpriv --reuid=postgres --regid=postgres --init-groups -- {bin}/{tool}" : $"{bin}/{tool}";

        var init = builder.AddExecutable(name + "-init", "/bin/bash", party.StateDir, "-c", $"""
            set -euo pipefail
            mkdir -p '{data}' '{socket}'
            {(asRoot ? $"chmod o+x '{Path.GetDirectoryName(party.PostgresDir)}'; chown -R postgres:postgres '{party.PostgresDir}'" : "")}
            if [ ! -s '{data}/PG_VERSION' ]; then
              echo postgres > '{party.PostgresDir}/pwfile'
              {(asRoot ? $"chown postgres '{party.PostgresDir}/pwfile'" : "")}
              {AsPostgres("initdb")} -D '{data}' -U postgres --pwfile '{party.PostgresDir}/pwfile' -E UTF8 --locale=C.UTF-8 \
                --auth-local=trust --auth-host=scram-sha-256 --no-sync --no-instructions
              rm -f '{party.PostgresDir}/pwfile'
            fi
            echo "PostgreSQL data: {data}"
            """);

        string[] serverCommand = asRoot
            ? ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", $"{bin}/postgres"]
            : [$"{bin}/postgres"];
        List<string> args = [.. serverCommand[1..], "-D", data, "-p", party.Ports.Postgres.ToString(), "-k", socket,
            "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=400"];
        foreach (var (key, value) in Tuning(party.Throwaway)) args.AddRange(["-c", $"{key}={value}"]);

        var server = new PostgresServerResource(name, serverCommand[0] == "setpriv" ? "/usr/bin/setpriv" : serverCommand[0], "/");
        var connection = $"Host=127.0.0.1;Port={party.Ports.Postgres};Username=postgres;Password=postgres";
        builder.Services.AddHealthChecks().AddCheck(name + "-ready", new PostgresCheck(connection, database: null));
        var postgres = builder.AddResource(server)
            .WithArgs([.. args])
            .WithEndpoint(port: party.Ports.Postgres, targetPort: party.Ports.Postgres, name: "tcp", scheme: "tcp", isProxied: false)
            .WithIconName("DatabaseMultiple")
            .WaitForCompletion(init)
            .WithHealthCheck(name + "-ready");
        init.WithParentRelationship(postgres);
        if (!party.Throwaway && party.HugePages && asRoot)
            UseHugePages(builder, server, init.Resource, Path.Combine(party.PostgresDir, "huge-pages"), args);
        return postgres;
    }

    /// <summary>
    /// The run-mode server's shared buffers on huge pages (see <see cref="HugePages"/>); test servers are small and
    /// short-lived, and several of them at once would compete for one kernel pool.
    /// </summary>
    private static void UseHugePages(IDistributedApplicationBuilder builder, PostgresServerResource server, IResource init,
        string ownedFile, IReadOnlyList<string> args)
    {
        builder.Services.AddSingleton(sp => new HugePages(ownedFile, sp.GetRequiredService<ILogger<HugePages>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HugePages>());
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (e, ct) =>
        {
            // This handler runs before the one that makes the server wait for its init, and on a first run the cluster
            // the server is asked about only exists once init is done.
            await e.Services.GetRequiredService<ResourceNotificationService>()
                .WaitForResourceAsync(init.Name, KnownResourceStates.TerminalStates, ct);
            var log = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
            e.Services.GetRequiredService<HugePages>().Reserve(HugePages.Needed(server.Command, args), log);
        });
    }

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<IResourceWithConnectionString> server, string name, string databaseName)
    {
        var builder = server.ApplicationBuilder;
        var database = new PostgresDatabaseResource(name, databaseName, server.Resource);
        string? connection = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(server.Resource, async (_, ct) =>
            connection = await server.Resource.ConnectionStringExpression.GetValueAsync(ct));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(name + "-ready",
            _ => new PostgresCheck(() => connection, databaseName), failureStatus: null, tags: null));
        // Aspire passes a parent's state on to its children only for containers: a database runs when its server is
        // ready, and its health check (which creates it when missing) decides when the services may start.
        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, (e, _) =>
            e.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(database, s => s with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            }));
        return builder.AddResource(database).WithIconName("Database").WithHealthCheck(name + "-ready");
    }

    /// <summary>
    /// Server settings sized from this machine's memory instead of PostgreSQL's 128 MB defaults: year-end and month
    /// closes rewrite millions of rows, and with a 1 GB WAL ceiling the server spends that time in forced checkpoints.
    /// Throwaway (test) servers get the same shape, smaller, and skip durability they do not need.
    /// </summary>
    private static Dictionary<string, string> Tuning(bool throwaway)
    {
        var memoryMb = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);
        var sharedMb = Math.Clamp(memoryMb / (throwaway ? 16 : 4), 128, throwaway ? 1024 : 8192);
        var settings = new Dictionary<string, string>
        {
            ["shared_buffers"] = $"{sharedMb}MB",
            ["effective_cache_size"] = $"{Math.Max(sharedMb, memoryMb / 2)}MB",
            ["work_mem"] = "32MB",
            ["maintenance_work_mem"] = throwaway ? "256MB" : "1GB",
            ["wal_buffers"] = "64MB",
            ["max_wal_size"] = throwaway ? "4GB" : "16GB",
            ["min_wal_size"] = "1GB",
            ["checkpoint_timeout"] = "15min",
            ["checkpoint_completion_target"] = "0.9",
            ["wal_compression"] = "lz4",
            ["random_page_cost"] = "1.1",
        };
        if (throwaway)
        {
            settings["fsync"] = "off";
            settings["synchronous_commit"] = "off";
            settings["full_page_writes"] = "off";
        }
        return settings;
    }

    /// <summary>Signs in with the real credentials (a bare port check would pass against another server on the port);
    /// for a database, creates it first when it is missing.</summary>
    private sealed class PostgresCheck(Func<string?> connection, string? database) : IHealthCheck
    {
        public PostgresCheck(string connection, string? database) : this(() => connection, database) { }

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            if (connection() is not { } cs) return HealthCheckResult.Unhealthy("connection string not available yet");
            try
            {
                var server = new NpgsqlConnectionStringBuilder(cs) { Database = "postgres", Pooling = false, Timeout = 5 };
                await using var conn = new NpgsqlConnection(server.ConnectionString);
                await conn.OpenAsync(ct);
                if (database is not null) await CreateDatabaseAsync(conn, database, ct);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy(e.Message, e);
            }
        }

        private static async Task CreateDatabaseAsync(NpgsqlConnection conn, string name, CancellationToken ct)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", conn);
            exists.Parameters.AddWithValue("n", name);
            if (await exists.ExecuteScalarAsync(ct) is not null) return;
            try
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
                await create.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
            {
                // another check created it at the same moment
            }
        }
    }
}
