using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Security.Claims;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Party.Gateway;

/// <summary>
/// Calls through the gateway per client, so "our calls fail since Tuesday" is answered in a minute: a county bureau's
/// machine client (县直部门) by its client id, every other caller by role (one line for all township users, not one per
/// person). Each call counts as ok, client error, server error or rate limited (429), as the metric
/// <c>party.gateway.client.requests</c> (the dashboard's live view) and in hourly counts in Redis kept for
/// <see cref="RetentionDays"/> days (the operator API's history, shared by every gateway replica).
/// </summary>
/// <remarks>
/// Counts are summed in memory and added to Redis every few seconds, so a call costs no Redis round trip. Redis is an
/// operations store here, not a ledger: while it is unavailable the counts wait in memory for the next flush, and a
/// gateway killed outright loses at most its last flush interval.
/// </remarks>
public sealed class ClientUsage(RedisGate redis, TimeProvider clock, ILogger<ClientUsage> log) : BackgroundService
{
    public const int RetentionDays = 35;
    public const string KeyPrefix = "party:usage:";
    public static readonly string[] Outcomes = ["ok", "client_error", "server_error", "rate_limited"];
    private static readonly Meter Meter = new("Party.Gateway");
    private static readonly Counter<long> Requests = Meter.CreateCounter<long>("party.gateway.client.requests", "{request}",
        "Calls through the gateway by client (a bureau's client id, else the caller's role) " +
        "and outcome (ok, client_error, server_error, rate_limited)");
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);

    private ConcurrentDictionary<(string Client, DateTime Hour, string Outcome), long> _pending = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);

    public static string ClientOf(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return "anonymous";
        var role = user.FindFirst(PartyClaims.Role)?.Value;
        var subject = user.FindFirst(PartyClaims.Subject)?.Value;
        if (role == PartyRoles.Bureau && subject is { Length: > 0 and <= 100 }) return subject;
        return role is { Length: > 0 and <= 40 } ? "role:" + role : "role:unknown";
    }

    public static string OutcomeOf(int status) => status switch
    {
        StatusCodes.Status429TooManyRequests => "rate_limited",
        >= 500 => "server_error",
        >= 400 => "client_error",
        _ => "ok",
    };

    public void Record(string client, int status)
    {
        var outcome = OutcomeOf(status);
        Requests.Add(1, new("client", client), new("outcome", outcome));
        var now = clock.GetUtcNow().UtcDateTime;
        var hour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        _pending.AddOrUpdate((client, hour, outcome), 1, static (_, n) => n + 1);
    }

    /// <summary>Adds the counts summed so far to Redis; those Redis did not take wait for the next flush.</summary>
    public async Task FlushAsync()
    {
        await _flushing.WaitAsync();
        try
        {
            var batch = Interlocked.Exchange(ref _pending, new());
            if (batch.IsEmpty) return;
            var (ok, _) = await redis.TryAsync("usage.flush", async db =>
            {
                var writes = new List<Task>();
                foreach (var hour in batch.GroupBy(e => e.Key.Hour))
                {
                    var key = KeyOf(hour.Key);
                    writes.AddRange(hour.Select(e => db.HashIncrementAsync(key, $"{e.Key.Client}|{e.Key.Outcome}", e.Value)));
                    writes.Add(db.KeyExpireAsync(key, TimeSpan.FromDays(RetentionDays)));
                }
                await Task.WhenAll(writes);
                return true;
            });
            if (ok) return;
            foreach (var (key, n) in batch) _pending.AddOrUpdate(key, n, (_, m) => m + n);
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <summary>
    /// The hourly counts from <paramref name="fromUtc"/> (inclusive) to <paramref name="toUtc"/> (exclusive), of one client
    /// or all; null when Redis cannot be read.
    /// </summary>
    public async Task<IReadOnlyList<UsageCount>?> ReadAsync(DateTime fromUtc, DateTime toUtc, string? client)
    {
        var hours = new List<DateTime>();
        for (var h = fromUtc; h < toUtc; h = h.AddHours(1)) hours.Add(h);
        var (ok, rows) = await redis.TryAsync("usage.read", async db =>
        {
            var reads = hours.Select(h => db.HashGetAllAsync(KeyOf(h))).ToList();
            var all = await Task.WhenAll(reads);
            return hours.Zip(all).SelectMany(h => h.Second.Select(f => Parse(h.First, f)))
                .OfType<UsageCount>().Where(c => client is null || c.Client == client).ToList();
        });
        return ok ? rows : null;
    }

    private static UsageCount? Parse(DateTime hour, HashEntry field)
    {
        var name = field.Name.ToString();
        var bar = name.LastIndexOf('|');
        return bar > 0 && field.Value.TryParse(out long n) ? new UsageCount(name[..bar], hour, name[(bar + 1)..], n) : null;
    }

    private static string KeyOf(DateTime hour) => KeyPrefix + hour.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync();
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync();
        if (!_pending.IsEmpty)
            log.LogWarning("Redis is unavailable at shutdown: the last {Count} usage counts of this gateway are not kept.", _pending.Count);
    }
}

public sealed record UsageCount(string Client, DateTime HourUtc, string Outcome, long Count);

/// <summary>Counts every call, whatever answers it: the services, the gateway's own endpoints, a refusal of the rate limiter.</summary>
public sealed class ClientUsageMiddleware(RequestDelegate next, ClientUsage usage)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch
        {
            usage.Record(ClientUsage.ClientOf(http.User), StatusCodes.Status500InternalServerError);
            throw;
        }
        usage.Record(ClientUsage.ClientOf(http.User), http.Response.StatusCode);
    }
}

/// <summary>
/// <c>GET /api/gateway/usage</c> for operators (运维): calls per client per day (or per hour) in Asia/Shanghai dates, with
/// the outcome split, the newest first.
/// </summary>
public static class ClientUsageApi
{
    private const int MaxDays = 31;
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public sealed record UsageRow(
        string Client, string Period, long Requests, long Ok, long ClientErrors, long ServerErrors, long RateLimited);

    public static void MapClientUsage(this WebApplication app) =>
        app.MapGet("/api/gateway/usage", GetAsync)
            .RequireAuthorization(p => p.RequireClaim(PartyClaims.Role, PartyRoles.Operator))
            .WithName("ClientUsage");

    private static async Task GetAsync(
        HttpContext http, ClientUsage usage, TimeProvider clock, string? client, string? from, string? to, string? by)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), China).DateTime);
        var errors = new Dictionary<string, string[]>();
        var first = ParseDate(from, "from", today.AddDays(-6), errors);
        var last = ParseDate(to, "to", today, errors);
        var hourly = by == "hour";
        if (by is not (null or "" or "day" or "hour")) errors["by"] = ["by 只能是 day（按日）或 hour（按小时）。"];
        if (errors.Count == 0 && last < first) errors["to"] = ["to 不能早于 from。"];
        if (errors.Count == 0 && last.DayNumber - first.DayNumber + 1 > MaxDays) errors["to"] = [$"一次最多查询 {MaxDays} 天，请缩短 from 到 to 的范围。"];
        if (errors.Count > 0)
        {
            await GatewayProblems.WriteAsync(http, StatusCodes.Status400BadRequest, "request.invalid",
                string.Join(" ", errors.Values.SelectMany(e => e)), errors);
            return;
        }

        var fromUtc = TimeZoneInfo.ConvertTimeToUtc(first.ToDateTime(TimeOnly.MinValue), China);
        var toUtc = TimeZoneInfo.ConvertTimeToUtc(last.AddDays(1).ToDateTime(TimeOnly.MinValue), China);
        // This gateway's latest counts go in first, so a call made a moment ago is in the answer.
        await usage.FlushAsync();
        var counts = await usage.ReadAsync(fromUtc, toUtc, string.IsNullOrWhiteSpace(client) ? null : client.Trim());
        if (counts is null)
        {
            await GatewayProblems.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, "usage.unavailable",
                "用量统计暂时无法读取（Redis 不可用），请稍后重试；各客户端的实时调用量可在运维面板的指标 party.gateway.client.requests 中查看。");
            return;
        }
        var rows = counts
            .GroupBy(c => (c.Client, Period: PeriodOf(c.HourUtc, hourly)))
            .Select(g => new UsageRow(g.Key.Client, g.Key.Period, g.Sum(c => c.Count),
                Sum(g, "ok"), Sum(g, "client_error"), Sum(g, "server_error"), Sum(g, "rate_limited")))
            .OrderByDescending(r => r.Period, StringComparer.Ordinal).ThenBy(r => r.Client, StringComparer.Ordinal)
            .ToList();
        await http.Response.WriteAsJsonAsync(new { from = first, to = last, by = hourly ? "hour" : "day", items = rows });
    }

    private static long Sum(IEnumerable<UsageCount> counts, string outcome) => counts.Where(c => c.Outcome == outcome).Sum(c => c.Count);

    private static string PeriodOf(DateTime hourUtc, bool hourly)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(hourUtc, China);
        return hourly
            ? local.ToString("yyyy-MM-dd'T'HH':00+08:00'", CultureInfo.InvariantCulture)
            : local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static DateOnly ParseDate(string? text, string name, DateOnly fallback, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors[name] = [$"{name} 应为日期，格式 yyyy-MM-dd（例如 2026-12-01），收到的是“{text}”。"];
        return fallback;
    }
}
