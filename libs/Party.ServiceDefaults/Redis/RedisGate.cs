using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Party.ServiceDefaults.Redis;

/// <summary>
/// Every use of Redis goes through here. Redis is a cache and a rate-limit store in this system, never the
/// source of truth, so a call that does not answer quickly is worth nothing: each call is bounded by a short
/// timeout (<c>Party:Redis:OperationTimeoutMs</c>, 200 ms), and after a failure Redis is skipped outright for
/// a while (<c>Party:Redis:BreakSeconds</c>, 5 s) so that a stalled Redis costs a request nothing rather than a
/// timeout each. After the pause one caller tries again; the others keep skipping until it has an answer.
/// </summary>
public sealed class RedisGate
{
    public const string MeterName = "Party.Redis";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("party.redis.failures",
        description: "Redis calls that failed or did not answer within the timeout");
    private static readonly Counter<long> Skipped = Meter.CreateCounter<long>("party.redis.skipped",
        description: "Redis calls not made because Redis was found unavailable moments before");

    private readonly IConnectionMultiplexer? _redis;
    private readonly ILogger<RedisGate> _log;
    private long _openUntil;   // Stopwatch timestamp; 0 = closed (Redis in use)
    private int _trying;       // 1 while the single call after a pause is out
    private string? _lastError;
    private DateTimeOffset? _unavailableSince;

    public RedisGate(IConfiguration config, ILogger<RedisGate> log)
    {
        _log = log;
        OperationTimeout = TimeSpan.FromMilliseconds(config.GetValue($"{Section}:OperationTimeoutMs", 200.0));
        BreakDuration = TimeSpan.FromSeconds(config.GetValue($"{Section}:BreakSeconds", 5.0));
        var connection = config.GetConnectionString("redis");
        if (string.IsNullOrEmpty(connection)) return;
        var options = ConfigurationOptions.Parse(connection);
        // abortConnect=false: the process starts and keeps answering while Redis is down. The client's own
        // timeouts only bound its backlog; callers never wait longer than OperationTimeout.
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 1000;
        options.SyncTimeout = 1000;
        options.AsyncTimeout = 1000;
        _redis = ConnectionMultiplexer.Connect(options);
    }

    public const string Section = "Party:Redis";
    public TimeSpan OperationTimeout { get; }
    public TimeSpan BreakDuration { get; }
    public bool Configured => _redis is not null;
    public IConnectionMultiplexer? Multiplexer => _redis;

    /// <summary>
    /// Runs <paramref name="call"/> against Redis within the timeout. Returns <c>(false, default)</c> when
    /// Redis is not configured, is being skipped, fails or is too slow; never throws.
    /// </summary>
    public async ValueTask<(bool Ok, T? Value)> TryAsync<T>(string operation, Func<IDatabase, Task<T>> call)
    {
        if (_redis is null) return (false, default);
        var openUntil = Interlocked.Read(ref _openUntil);
        var probing = false;
        if (openUntil != 0)
        {
            if (Stopwatch.GetTimestamp() < openUntil || Interlocked.CompareExchange(ref _trying, 1, 0) != 0)
            {
                Skipped.Add(1, new KeyValuePair<string, object?>("operation", operation));
                return (false, default);
            }
            probing = true;
        }
        try
        {
            var task = call(_redis.GetDatabase());
            T value;
            try
            {
                value = await task.WaitAsync(OperationTimeout);
            }
            catch (TimeoutException)
            {
                // The command stays queued in the client when we stop waiting: observe its fault so it is not reported as
                // unobserved. Only then — a continuation on every call costs the gateway an allocation per request.
                _ = task.ContinueWith(static t => _ = t.Exception,
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw;
            }
            if (openUntil != 0) Recovered();
            return (true, value);
        }
        catch (Exception e)
        {
            Failures.Add(1, new KeyValuePair<string, object?>("operation", operation));
            Trip(operation, e);
            return (false, default);
        }
        finally
        {
            if (probing) Volatile.Write(ref _trying, 0);
        }
    }

    /// <summary>Null while Redis is in use (or not configured); else why it is being skipped.</summary>
    public string? Unavailable => Interlocked.Read(ref _openUntil) == 0 ? null
        : $"Redis 自 {_unavailableSince:yyyy-MM-dd HH:mm:ss}Z 起不可用（{_lastError}），缓存与限流暂时绕过 Redis";

    private void Trip(string operation, Exception e)
    {
        _lastError = e is TimeoutException
            ? $"{operation} 超过 {OperationTimeout.TotalMilliseconds:0} ms 未应答"
            : $"{operation}: {e.GetType().Name}";
        var openUntil = Stopwatch.GetTimestamp() + (long)(BreakDuration.TotalSeconds * Stopwatch.Frequency);
        var wasOpen = Interlocked.Exchange(ref _openUntil, openUntil) != 0;
        if (wasOpen) return;
        _unavailableSince = DateTimeOffset.UtcNow;
        _log.LogWarning(e is TimeoutException ? null : e,
            "Redis unavailable ({Operation}: {Error}): skipping it, retrying every {Seconds} s",
            operation, _lastError, BreakDuration.TotalSeconds);
    }

    private void Recovered()
    {
        if (Interlocked.Exchange(ref _openUntil, 0) == 0) return;
        _log.LogInformation("Redis answers again (unavailable since {Since:O})", _unavailableSince);
        _unavailableSince = null;
    }
}

/// <summary>
/// Redis in <c>/health</c>: Degraded (never Unhealthy) while it is unavailable, because everything that uses it
/// has a fallback. The check pings through the gate, so it also finds Redis back when no request uses it.
/// </summary>
public sealed class RedisHealthCheck(RedisGate gate) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!gate.Configured) return HealthCheckResult.Healthy("Redis 未配置");
        await gate.TryAsync("PING", db => db.PingAsync());
        return gate.Unavailable is { } reason ? HealthCheckResult.Degraded(reason) : HealthCheckResult.Healthy();
    }
}
