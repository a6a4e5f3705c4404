using System.Diagnostics;
using System.Runtime.InteropServices;
using Party.AppHost;
using Party.ServiceDefaults.Auth;

return await Cli.MainAsync(args);

internal static class Cli
{
    private const string Usage = """
        Party app host

          run [--reset] [--replicas members=2,honors=2] [--gateway-replicas 2]
              PostgreSQL, RabbitMQ, Redis, the four services and the gateway on fixed ports,
              state in .party/; prefixed logs until Ctrl+C.
          servers [--throwaway] [--env-file PATH]
              Only the three servers; writes ConnectionStrings__… and Party__Auth__SigningKey
              lines to PATH once ready; stops them on SIGTERM/SIGINT.
          token --role ROLE --org ORG_ID [--scope S]... [--sub NAME] [--name DISPLAY] [--hours H]
              A token signed with .party/signing-key.

        Existing servers: set ConnectionStrings__postgres, ConnectionStrings__rabbitmq,
        ConnectionStrings__rabbitmq-management, ConnectionStrings__redis; those are then not started.
        """;

    public static async Task<int> MainAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        try
        {
            return args[0] switch
            {
                "run" => await RunAsync(args[1..]),
                "servers" => await ServersAsync(args[1..]),
                "token" => Token(args[1..]),
                _ => Fail($"unknown command '{args[0]}'\n\n{Usage}"),
            };
        }
        catch (ArgumentException e)
        {
            return Fail(e.Message);
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }

    /// <summary>Cancelled on the first SIGINT/SIGTERM; another one 5 s later ends the process at once (children are killed by the exit hook).</summary>
    private sealed class ShutdownSignal : IDisposable
    {
        private readonly CancellationTokenSource _cts = new();
        private readonly List<PosixSignalRegistration> _registrations = [];
        private long _firstAt;

        public ShutdownSignal()
        {
            foreach (var s in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
                _registrations.Add(PosixSignalRegistration.Create(s, ctx =>
                {
                    ctx.Cancel = true;
                    var now = Environment.TickCount64;
                    if (Interlocked.CompareExchange(ref _firstAt, now, 0) == 0)
                    {
                        Console.Error.WriteLine($"[apphost] {ctx.Signal}: stopping everything in reverse order (send it again after 5 s to force)…");
                        _cts.Cancel();
                    }
                    else if (now - Interlocked.Read(ref _firstAt) < 5000)
                    {
                        // the same signal often arrives twice (to us and to our process group, e.g. from timeout(1)): already stopping
                    }
                    else
                    {
                        Console.Error.WriteLine("[apphost] forced exit: killing what is left");
                        Environment.Exit(130);
                    }
                }));
        }

        public CancellationToken Token => _cts.Token;

        public void Dispose()
        {
            foreach (var r in _registrations) r.Dispose();
            _cts.Dispose();
        }
    }

    private static void Say(string line)
    {
        Console.Out.WriteLine($"[apphost] {line}");
    }

    // ------------------------------------------------------------------ run

    private static async Task<int> RunAsync(string[] args)
    {
        var reset = false;
        var gatewayReplicas = 1;
        var replicas = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--reset": reset = true; break;
                case "--replicas":
                    foreach (var pair in Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        var kv = pair.Split('=', 2);
                        if (kv.Length != 2 || !int.TryParse(kv[1], out var n) || n < 1 || n > 9)
                            throw new ArgumentException($"--replicas expects service=N (1..9), got '{pair}'");
                        replicas[PartyService.Find(kv[0]).Name] = n;
                    }
                    break;
                case "--gateway-replicas":
                    if (!int.TryParse(Value(args, ref i), out gatewayReplicas) || gatewayReplicas < 1 || gatewayReplicas > 9)
                        throw new ArgumentException("--gateway-replicas expects 1..9");
                    break;
                default: throw new ArgumentException($"run: unknown option '{args[i]}'\n\n{Usage}");
            }
        }

        var repoRoot = RepoPaths.FindRepoRoot(Environment.CurrentDirectory);
        var stateDir = Path.Combine(repoRoot, ".party");
        Directory.CreateDirectory(stateDir);
        var signingKey = RepoPaths.SigningKey(repoRoot);
        using var shutdown = new ShutdownSignal();
        var sw = Stopwatch.StartNew();

        var serverOptions = ServersOptions.ForRun(repoRoot, reset);
        serverOptions.EchoToConsole = true;
        serverOptions.Log = Say;
        if (serverOptions.PostgresDir is not null)
            Say($"PostgreSQL data lives outside the checkout (the postgres user cannot enter it): {serverOptions.PostgresDir}");

        Servers? servers = null;
        PartyHost? host = null;
        var exit = 0;
        try
        {
            servers = await Servers.StartAsync(serverOptions, shutdown.Token);
            var hostOptions = new PartyHostOptions
            {
                RepoRoot = repoRoot,
                StateDir = stateDir,
                FixedPorts = true,
                EchoToConsole = true,
                SigningKey = signingKey,
                GatewayReplicas = gatewayReplicas,
                Log = Say,
            };
            foreach (var (k, v) in replicas) hostOptions.Replicas[k] = v;
            host = await PartyHost.StartAsync(servers, hostOptions, shutdown.Token);

            PrintTable(host.Resources);
            Console.Out.WriteLine();
            Console.Out.WriteLine($"All healthy in {sw.Elapsed.TotalSeconds:0.0} s. Gateway: {host.GatewayUrl}  (API docs: {host.GatewayUrl}/docs)");
            Console.Out.WriteLine($"Logs: {host.LogsDir}   Token: ./party token --role county --org <org-id>   Ctrl+C stops everything.");
            Console.Out.WriteLine();

            await Task.Delay(Timeout.Infinite, shutdown.Token);
        }
        catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"[apphost] start failed: {e.Message}");
            exit = 1;
        }
        finally
        {
            var stopping = Stopwatch.StartNew();
            if (host is not null) await host.DisposeAsync();
            if (servers is not null) await servers.DisposeAsync();
            Say($"stopped in {stopping.Elapsed.TotalSeconds:0.0} s");
        }
        return exit;
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value");
        return args[++i];
    }

    internal static void PrintTable(IReadOnlyList<ResourceStatus> resources)
    {
        var w1 = Math.Max(8, resources.Max(r => r.Name.Length));
        var w2 = Math.Max(5, resources.Max(r => r.State.ToString().Length));
        Console.Out.WriteLine();
        Console.Out.WriteLine($"{"RESOURCE".PadRight(w1)}  {"STATE".PadRight(w2)}  {"PID",7}  URL");
        foreach (var r in resources)
            Console.Out.WriteLine($"{r.Name.PadRight(w1)}  {r.State.ToString().PadRight(w2)}  {r.Pid?.ToString() ?? "-",7}  {r.Url}");
    }

    // ------------------------------------------------------------------ servers

    private static async Task<int> ServersAsync(string[] args)
    {
        var throwaway = false;
        string? envFile = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--throwaway": throwaway = true; break;
                case "--env-file": envFile = Path.GetFullPath(Value(args, ref i)); break;
                default: throw new ArgumentException($"servers: unknown option '{args[i]}'\n\n{Usage}");
            }
        }

        using var shutdown = new ShutdownSignal();
        var sw = Stopwatch.StartNew();
        string signingKey;
        ServersOptions options;
        if (throwaway)
        {
            options = ServersOptions.ForThrowaway();
            signingKey = DevTokens.NewSigningKey();
        }
        else
        {
            var repoRoot = RepoPaths.FindRepoRoot(Environment.CurrentDirectory);
            options = ServersOptions.ForRun(repoRoot);
            signingKey = RepoPaths.SigningKey(repoRoot);
        }
        options.Log = Say;

        Servers? servers = null;
        var exit = 0;
        try
        {
            servers = await Servers.StartAsync(options, shutdown.Token);
            var lines = servers.EnvironmentVariables.Select(kv => $"{kv.Key}={kv.Value}")
                .Append($"Party__Auth__SigningKey={signingKey}")
                .ToList();
            if (envFile is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(envFile)!);
                var tmp = envFile + ".tmp";
                await File.WriteAllLinesAsync(tmp, lines);
                File.Move(tmp, envFile, overwrite: true);
            }
            else
            {
                foreach (var l in lines) Console.Out.WriteLine(l);
            }
            Say($"servers ready in {sw.Elapsed.TotalSeconds:0.0} s (state {servers.StateDir}{(servers.PostgresDataDir is { } d ? $", postgres data {d}" : "")})");
            await Task.Delay(Timeout.Infinite, shutdown.Token);
        }
        catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"[apphost] servers failed: {e.Message}");
            exit = 1;
        }
        finally
        {
            var stopping = Stopwatch.StartNew();
            if (servers is not null) await servers.DisposeAsync();
            if (envFile is not null && throwaway) File.Delete(envFile);
            Say($"servers stopped in {stopping.Elapsed.TotalSeconds:0.0} s");
        }
        return exit;
    }

    // ------------------------------------------------------------------ token

    private static int Token(string[] args)
    {
        string? role = null, sub = null, name = null;
        Guid? org = null;
        double hours = 12;
        var scopes = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--role": role = Value(args, ref i); break;
                case "--org":
                    var raw = Value(args, ref i);
                    org = Guid.TryParse(raw, out var g) ? g : throw new ArgumentException($"--org expects an org-unit id (GUID), got '{raw}'");
                    break;
                case "--scope": scopes.AddRange(Value(args, ref i).Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)); break;
                case "--sub": sub = Value(args, ref i); break;
                case "--name": name = Value(args, ref i); break;
                case "--hours":
                    if (!double.TryParse(Value(args, ref i), System.Globalization.CultureInfo.InvariantCulture, out hours) || hours <= 0)
                        throw new ArgumentException("--hours expects a positive number");
                    break;
                default: throw new ArgumentException($"token: unknown option '{args[i]}'\n\n{Usage}");
            }
        }
        if (role is null || org is null) throw new ArgumentException($"token needs --role and --org\n\n{Usage}");
        var key = RepoPaths.SigningKey(RepoPaths.FindRepoRoot());
        Console.Out.WriteLine(DevTokens.Mint(key, sub ?? $"{role}-dev", role, org.Value, scopes, name, TimeSpan.FromHours(hours)));
        return 0;
    }
}
