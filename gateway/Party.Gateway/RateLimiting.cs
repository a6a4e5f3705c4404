using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Party.Gateway;

/// <summary>
/// Fixed windows counted in Redis, shared by every gateway replica. One Lua script does INCRBY and, on the
/// window's first hit, PEXPIRE — atomically, so replicas never race and the window's end is the key's expiry on the
/// Redis server (no clock of ours involved). When Redis cannot be reached the gateway lets requests through, says so
/// in the log and counts each such request in <c>party.gateway.rate_limit.fail_open</c>.
/// </summary>
public sealed class RedisWindowCounter
{
    private const string Script = """
        local n = redis.call('INCRBY', KEYS[1], ARGV[2])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          ttl = tonumber(ARGV[1])
        end
        return {n, ttl}
        """;

    private static readonly Meter Meter = new("Party.Gateway");
    private static readonly Counter<long> FailedOpen = Meter.CreateCounter<long>("party.gateway.rate_limit.fail_open",
        description: "requests let through unlimited because Redis, which holds the shared counters, was unavailable");

    private readonly RedisGate _redis;
    private readonly IOptionsMonitor<GatewayOptions> _options;
    private readonly ILogger<RedisWindowCounter> _log;
    private long _lastWarning = long.MinValue / 2;

    public RedisWindowCounter(RedisGate redis, IOptionsMonitor<GatewayOptions> options, ILogger<RedisWindowCounter> log)
    {
        _redis = redis;
        _options = options;
        _log = log;
        if (!redis.Configured) _log.LogWarning("ConnectionStrings:redis is not set: the per-client rate limit is not enforced.");
    }

    public RateLimitOptions Settings => _options.CurrentValue.RateLimit;

    /// <summary>Counts one request in Redis and decides it (a Redis round trip).</summary>
    public async ValueTask<RateDecision> HitAsync(string policy, string client, RateLimitOptions settings)
    {
        var lease = await LeaseAsync(policy, client, settings, 1);
        return lease.Decision;
    }

    /// <summary>
    /// Takes up to <paramref name="wanted"/> permits of the client's current window at once: they are counted in Redis
    /// now, so every replica sees them as used, and the caller spends them without asking Redis again.
    /// </summary>
    public async ValueTask<PermitLease> LeaseAsync(string policy, string client, RateLimitOptions settings, int wanted)
    {
        var limit = Math.Max(1, settings.PermitLimit);
        var window = TimeSpan.FromSeconds(Math.Max(1, settings.WindowSeconds));
        if (!settings.Enabled || !_redis.Configured) return new(RateDecision.Open(limit), 0);
        var (ok, values) = await _redis.TryAsync("rate limit", async db =>
            (RedisResult[])(await db.ScriptEvaluateAsync(
                Script,
                [(RedisKey)$"{settings.KeyPrefix}:{policy}:{client}"],
                [(long)window.TotalMilliseconds, wanted]))!);
        if (!ok)
        {
            // Failing open: a rate limit is protection, not a reason to refuse every caller while Redis is away.
            FailedOpen.Add(1);
            WarnFailOpen();
            return new(RateDecision.Open(limit), 0);
        }
        var count = (long)values![0];
        var ttl = TimeSpan.FromMilliseconds(Math.Max(0, (long)values[1]));
        // The permits of this lease are count-wanted+1 … count; those within the limit are granted.
        var granted = (int)Math.Clamp(limit - (count - wanted), 0, wanted);
        var used = count - wanted + Math.Min(granted, 1);
        return new(new RateDecision(granted > 0, used, limit, ttl, Degraded: false), granted);
    }

    private const string PeekScript = """
        local n = redis.call('GET', KEYS[1])
        return {tonumber(n) or 0, redis.call('PTTL', KEYS[1])}
        """;

    /// <summary>The count so far in the current window, without counting this request (open when Redis is away).</summary>
    public async ValueTask<RateDecision> PeekAsync(string policy, string client, RateLimitOptions settings)
    {
        var limit = Math.Max(1, settings.PermitLimit);
        if (!settings.Enabled || !_redis.Configured) return RateDecision.Open(limit);
        var (ok, values) = await _redis.TryAsync("rate limit", async db =>
            (RedisResult[])(await db.ScriptEvaluateAsync(PeekScript, [(RedisKey)$"{settings.KeyPrefix}:{policy}:{client}"]))!);
        if (!ok)
        {
            FailedOpen.Add(1);
            WarnFailOpen();
            return RateDecision.Open(limit);
        }
        var count = (long)values![0];
        return new RateDecision(count < limit, count, limit, TimeSpan.FromMilliseconds(Math.Max(0, (long)values[1])), Degraded: false);
    }

    private void WarnFailOpen()
    {
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _lastWarning);
        if (Stopwatch.GetElapsedTime(last, now) < TimeSpan.FromSeconds(30)) return;
        if (Interlocked.CompareExchange(ref _lastWarning, now, last) != last) return;
        _log.LogWarning("Redis is unavailable ({Reason}): the shared rate limit is not enforced (failing open) until it is back.",
            _redis.Unavailable);
    }
}

/// <summary>The decision for the request that asked, and how many permits (that request's included) Redis granted.</summary>
public readonly record struct PermitLease(RateDecision Decision, int Granted);

public readonly record struct RateDecision(bool Allowed, long Count, int Limit, TimeSpan ResetIn, bool Degraded)
{
    public static RateDecision Open(int limit) => new(true, 0, limit, TimeSpan.Zero, Degraded: true);

    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(ResetIn.TotalSeconds));
}

/// <summary>
/// Partitions requests by client: the JWT <c>sub</c> of an authenticated caller, else the remote IP.
/// Runs after authentication (so <c>sub</c> is known) and before authorization (so anonymous floods
/// are limited too).
/// </summary>
public sealed class PerClientRateLimitPolicy(RedisWindowCounter counter) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => null; // the global handler writes the problem

    public RateLimitPartition<string> GetPartition(HttpContext http)
    {
        var client = ClientOf(http);
        return RateLimitPartition.Get(client, key => new RedisClientLimiter(GatewayPolicies.PerClientRateLimit, key, counter));
    }

    public static string ClientOf(HttpContext http)
    {
        var sub = http.User.Identity?.IsAuthenticated == true ? http.User.FindFirst(PartyClaims.Subject)?.Value : null;
        var client = sub is { Length: > 0 } ? "sub:" + sub : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        // Keep keys short and free of odd characters whatever a token's subject holds.
        return client.Length <= 120 ? client : "h:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(client)))[..32];
    }
}

/// <summary>
/// One client's limit on this replica. The count lives in Redis, but asking Redis on every request cost the gateway a
/// quarter of its CPU (profiled under <c>./party bench gateway</c>): instead the limiter leases a few permits of the
/// current window at a time (<see cref="RateLimitOptions.LeasePercent"/>), spends them locally, and asks again when
/// they run out. Leased permits are counted in Redis when they are taken, so the shared limit is never exceeded; a
/// client spread over several replicas may instead be refused up to (replicas − 1) × lease size calls early, which
/// leased permits left unspent on the other replicas. Once Redis says the window is used up, the rest of the window
/// is refused here without asking again. The synchronous attempt never blocks on the network: it declines, and
/// ASP.NET Core's middleware then calls <see cref="AcquireAsyncCore"/>.
/// </summary>
internal sealed class RedisClientLimiter(string policy, string client, RedisWindowCounter counter) : RateLimiter
{
    private readonly Lock _state = new();
    private int _permits;              // leased from Redis for the window ending at _windowEnds, not yet spent
    private long _windowEnds;          // Stopwatch timestamp
    private RateDecision? _usedUp;     // Redis refused a lease: the window's limit is reached
    private long _lastUsed = Stopwatch.GetTimestamp();
    private Task<RateDecision>? _leasing; // the Redis round trip under way for this client, if any

    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    // A leased permit is spent here, without an async call; only a request that needs Redis is deferred to AcquireAsync.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        permitCount == 0 ? WindowLease.Granted : TrySpend() ?? WindowLease.Deferred;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (permitCount == 0) return WindowLease.Granted;
        while (true)
        {
            if (TrySpend() is { } spent) return spent;
            TaskCompletionSource<RateDecision>? mine = null;
            Task<RateDecision> leasing;
            lock (_state) leasing = _leasing ??= (mine = new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            if (mine is not null) await LeaseAsync(mine);
            var decision = await leasing.WaitAsync(cancellationToken);
            // Redis unreachable: this call goes through (failing open); so do the others that waited on the same attempt.
            if (decision.Degraded) return WindowLease.Granted;
            // Otherwise the new permits (or the window's refusal) are in the local state, shared with every waiting call.
        }
    }

    /// <summary>
    /// One lease at a time per client and replica: the calls that find no permit wait for it. When each took its own,
    /// a burst of concurrent first calls (a portal page loading its sections at once) reserved a lease per call, and
    /// past limit ÷ lease calls Redis refused the rest of a window that had served a few dozen.
    /// </summary>
    private async Task LeaseAsync(TaskCompletionSource<RateDecision> outcome)
    {
        try
        {
            var settings = counter.Settings;
            var asked = Stopwatch.GetTimestamp();
            var lease = await counter.LeaseAsync(policy, client, settings, LeaseSize(settings));
            var decision = lease.Decision;
            var answered = Stopwatch.GetTimestamp();
            lock (_state)
            {
                if (!decision.Degraded)
                {
                    // Permits of a window that has ended are void.
                    if (answered >= _windowEnds) _permits = 0;
                    // Redis measured the time left after we asked, so counting it from the asking moment ends the window
                    // here no later than the key expires there: no leased permit is spent in the next window.
                    _windowEnds = asked + (long)(decision.ResetIn.TotalSeconds * Stopwatch.Frequency);
                    _permits += lease.Granted;
                    _usedUp = lease.Granted == 0 ? decision : null;
                }
                _leasing = null;
            }
            outcome.SetResult(decision);
        }
        catch (Exception e)
        {
            lock (_state) _leasing = null;
            outcome.SetException(e);
        }
    }

    /// <summary>A leased permit, or the refusal of a used-up window; null when Redis must be asked.</summary>
    private WindowLease? TrySpend()
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Exchange(ref _lastUsed, now);
        lock (_state)
        {
            if (now >= _windowEnds) return null;
            if (_permits > 0)
            {
                _permits--;
                return WindowLease.Granted;
            }
            return _usedUp is { } refused
                ? new WindowLease(false, refused with { ResetIn = Stopwatch.GetElapsedTime(now, _windowEnds) })
                : null;
        }
    }

    /// <summary>Permits taken from Redis at once: <see cref="RateLimitOptions.LeasePercent"/> of the limit, at least 1.</summary>
    public static int LeaseSize(RateLimitOptions settings) =>
        Math.Max(1, (int)((long)Math.Max(1, settings.PermitLimit) * Math.Clamp(settings.LeasePercent, 0, 100) / 100));

    private sealed class WindowLease(bool acquired, RateDecision? decision) : RateLimitLease
    {
        public static readonly WindowLease Granted = new(true, null);
        public static readonly WindowLease Deferred = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames =>
            decision is null ? [] : [MetadataName.RetryAfter.Name, LimitMetadata];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (decision is { } d && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = TimeSpan.FromSeconds(d.RetryAfterSeconds);
                return true;
            }
            if (decision is { } d2 && metadataName == LimitMetadata)
            {
                metadata = d2.Limit;
                return true;
            }
            metadata = null;
            return false;
        }
    }

    public const string LimitMetadata = "PERMIT_LIMIT";
}

public static class RateLimitingSetup
{
    public static IServiceCollection AddGatewayRateLimiting(this IServiceCollection services)
    {
        services.AddSingleton<RedisWindowCounter>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy<string, PerClientRateLimitPolicy>(GatewayPolicies.PerClientRateLimit);
            o.OnRejected = async (ctx, ct) =>
            {
                var http = ctx.HttpContext;
                var settings = http.RequestServices.GetRequiredService<RedisWindowCounter>().Settings;
                var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                    ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : Math.Max(1, settings.WindowSeconds);
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await GatewayProblems.WriteAsync(http, StatusCodes.Status429TooManyRequests, "rate_limit.exceeded",
                    $"请求过于频繁：每个调用方每 {settings.WindowSeconds} 秒最多 {settings.PermitLimit} 次请求，请在 {retryAfter} 秒后重试。");
            };
        });
        return services;
    }
}
