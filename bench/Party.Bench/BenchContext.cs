using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Party.ServiceDefaults.Auth;

namespace Party.Bench;

/// <summary>Everything a scenario needs: the targets, tokens, HTTP clients and the load runner.</summary>
public sealed class BenchContext : IDisposable
{
    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.OrdinalIgnoreCase);

    private readonly Dictionary<string, string> _tokens = new();
    private readonly string _devSecret;

    public BenchContext(BenchOptions options, string devSecret, TextWriter log)
    {
        Options = options;
        _devSecret = devSecret;
        Log = log;
        // By default every process of the run is watched, and the bench itself (the load generator shares the machine), so each
        // result shows where a request's CPU went beside its peers.
        var cpu = options.Extra.GetValueOrDefault("cpu", "auto");
        _watched.AddRange(cpu switch
        {
            "auto" => [.. RunProcesses.All(options), ("bench", Environment.ProcessId)],
            "none" => [],
            _ => ProcessCpu.Parse(cpu),
        });
    }

    public BenchOptions Options { get; }
    public TextWriter Log { get; }

    /// <summary>Processes whose CPU time is measured per variant (--cpu, and what a scenario starts itself such as nginx).</summary>
    private readonly List<(string Name, int Pid)> _watched = [];
    private readonly List<string> _cpuLines = [];
    private string? _cpuHeading;

    /// <summary>Measures <paramref name="pid"/>'s CPU time (with its children) during every later comparison.</summary>
    public void WatchCpu(string name, int pid)
    {
        lock (_watched) _watched.Add((name, pid));
    }

    /// <summary>Per comparison, each watched process's CPU milliseconds per request of each variant.</summary>
    public IReadOnlyList<string> CpuReport => _cpuLines;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The client for the gateway.</summary>
    public HttpClient Gateway => Client(Options.Gateway);

    /// <summary>The client for one service, bypassing the gateway (<c>members</c>, <c>branches</c> …).</summary>
    public HttpClient Direct(string service) => Client(Options.ServiceUrl(service));

    /// <summary>A client per base address with its own connection pool, sized for the concurrency.</summary>
    public HttpClient Client(string baseUrl)
    {
        lock (_clients)
        {
            if (_clients.TryGetValue(baseUrl, out var existing)) return existing;
            var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = Math.Max(Options.Concurrency, 1) + 4,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
                ConnectTimeout = TimeSpan.FromSeconds(5),
            };
            var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl + "/"), Timeout = TimeSpan.FromSeconds(60) };
            _clients[baseUrl] = client;
            return client;
        }
    }

    /// <summary>
    /// A token from the identity service (development grant), one per caller, fetched once: it lives 30 minutes, longer
    /// than a scenario runs. Asked of the identity service directly: minting is set-up, not load, and the 10,500 tokens of
    /// the check-in burst through the gateway would run into its per-address limit (600 in 10 s) and end the bench with 429.
    /// </summary>
    public string Token(string role, Guid org, string subject = "bench", IEnumerable<string>? scopes = null, string? name = null)
    {
        var scopeList = scopes?.ToArray() ?? [];
        var key = $"{role}|{org}|{subject}|{string.Join(' ', scopeList)}|{name}";
        lock (_tokens)
        {
            if (_tokens.TryGetValue(key, out var cached)) return cached;
        }
        var token = DevelopmentTokens
            .RequestAsync(Direct("identity"), Options.ServiceUrl("identity"), _devSecret, role, org, scopeList, subject, name ?? subject)
            .GetAwaiter().GetResult();
        lock (_tokens) _tokens[key] = token;
        return token;
    }

    /// <summary>
    /// <see cref="BenchOptions.Clients"/> tokens with distinct subjects: load spread over many callers,
    /// as in real use, so the gateway's per-client limit measures as it would in production.
    /// </summary>
    public TokenPool Tokens(string role, Guid org, IEnumerable<string>? scopes = null, string subjectPrefix = "bench")
    {
        var scopeList = scopes?.ToArray();
        return new TokenPool(Enumerable.Range(0, Options.Clients)
            .Select(i => Token(role, org, $"{subjectPrefix}-{i:D4}", scopeList)).ToArray());
    }

    /// <summary>Sends a JSON request with a bearer token and returns the response (not checked).</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        return request;
    }

    /// <summary>
    /// A fixed-count burst (<see cref="BurstRunner"/>) with each watched process's CPU time over it, reported per request
    /// like <see cref="CompareAsync"/>'s variants.
    /// </summary>
    public Task<LoadSample> BurstAsync(string scenario, string variant, Func<Task<LoadSample>> burst) =>
        CpuPerAsync(scenario, variant, burst, sample => sample.Latencies.Count);

    /// <summary>
    /// Runs <paramref name="work"/> with each watched process's CPU time over it, reported per unit of what it did (a request,
    /// an event carried to every consumer …) like <see cref="CompareAsync"/>'s variants.
    /// </summary>
    public async Task<T> CpuPerAsync<T>(string scenario, string variant, Func<Task<T>> work, Func<T, int> units)
    {
        var watched = _watched.ToList();
        var before = ProcessCpu.Reading.Take(watched);
        var result = await work();
        if (watched.Count > 0) ReportCpu(scenario, variant, watched, ProcessCpu.Reading.Take(watched).Since(before), units(result));
        return result;
    }

    /// <summary>
    /// One line of each watched process's CPU ms per unit, then the whole machine's and the part of it outside the watched
    /// processes, under a heading naming the processes whenever they differ from the last heading's (a scenario that starts
    /// its own, such as nginx, adds one).
    /// </summary>
    private void ReportCpu(string scenario, string variant, IReadOnlyList<(string Name, int Pid)> watched, ProcessCpu.Reading used,
        long units)
    {
        var heading = $"CPU ms per request ({string.Join(", ", watched.Select(w => $"{w.Name} {w.Pid}"))}; " +
            "machine = every core and user, outside = machine − these; 1/100 s resolution):";
        if (heading != _cpuHeading) _cpuLines.Add(_cpuHeading = heading);
        string PerUnit(double s) => units > 0 ? (1000 * s / units).ToString("0.000", CultureInfo.InvariantCulture) : "-";
        _cpuLines.Add($"  {scenario}/{variant}: " + string.Join(", ", used.Processes.Select((s, i) => $"{watched[i].Name} {PerUnit(s)}")) +
            $"; machine {PerUnit(used.Machine)}, outside {PerUnit(used.Machine - used.Processes.Sum())}");
    }

    /// <summary>Warm-up, then <see cref="BenchOptions.Duration"/> of measured load at the configured concurrency.</summary>
    public async Task<LoadResult> MeasureAsync(string scenario, string variant, RequestFactory send, CancellationToken ct,
        Func<HttpResponseMessage, bool>? isSuccess = null, int? concurrency = null, PrepareStep? prepare = null) =>
        (await CompareAsync(scenario, [new Variant(variant, send, isSuccess, prepare)], ct, rounds: 1, concurrency))[0];

    /// <summary>
    /// Several variants of the same request measured fairly against each other: each is warmed up,
    /// then the measured time is split into rounds run in A B … B A order (so drift — JIT, caches,
    /// a neighbour's load — falls on every variant alike), at the same concurrency and total duration.
    /// </summary>
    public async Task<IReadOnlyList<LoadResult>> CompareAsync(string scenario, IReadOnlyList<Variant> variants, CancellationToken ct,
        int rounds = 2, int? concurrency = null)
    {
        var n = concurrency ?? Options.Concurrency;
        if (Options.Warmup > TimeSpan.Zero)
        {
            foreach (var v in variants)
            {
                Log.WriteLine($"  {scenario}/{v.Name}: warm-up {Options.Warmup.TotalSeconds:0.#} s …");
                await new LoadRunner(n, v.IsSuccess, v.Prepare).RunAsync(v.Send, Options.Warmup, ct);
            }
        }
        var samples = variants.ToDictionary(v => v.Name, _ => new List<LoadSample>());
        var watched = _watched.ToList();
        var cpu = variants.ToDictionary(v => v.Name, _ => ProcessCpu.Reading.Zero(watched.Count));
        var slice = Options.Duration / Math.Max(1, rounds);
        Log.WriteLine($"  measuring {string.Join(", ", variants.Select(v => v.Name))}: {Options.Duration.TotalSeconds:0.#} s each " +
            $"in {rounds} round(s) at concurrency {n} …");
        for (var r = 0; r < rounds; r++)
        {
            var order = r % 2 == 0 ? variants : variants.Reverse().ToList();
            foreach (var v in order)
            {
                var before = ProcessCpu.Reading.Take(watched);
                samples[v.Name].Add(await new LoadRunner(n, v.IsSuccess, v.Prepare).RunAsync(v.Send, slice, ct));
                cpu[v.Name] = cpu[v.Name].Plus(ProcessCpu.Reading.Take(watched).Since(before));
            }
        }
        var results = variants.Select(v => LoadResult.From(scenario, v.Name, samples[v.Name])).ToList();
        // Includes each process's idle work (timers, probes, telemetry export) during the slice: compare across variants.
        if (watched.Count > 0)
            foreach (var r in results) ReportCpu(scenario, r.Variant, watched, cpu[r.Variant], r.Requests);
        return results;
    }

    public void Dispose()
    {
        foreach (var c in _clients.Values) c.Dispose();
    }
}

/// <summary>
/// One side of a comparison: a name for the table and how to send its request; <paramref name="Prepare"/>
/// runs before each request, outside the timing.
/// </summary>
public sealed record Variant(
    string Name, RequestFactory Send, Func<HttpResponseMessage, bool>? IsSuccess = null, PrepareStep? Prepare = null);

public sealed class TokenPool(string[] tokens)
{
    private long _next = -1;

    public int Count => tokens.Length;

    /// <summary>The next token, round-robin across the pool.</summary>
    public string Next() => tokens[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)tokens.Length)];
}
