using StackExchange.Redis;

namespace Party.Honors.Data;

/// <summary>
/// Redis cache of honor-roll pages. Keys carry a generation number; an award or revocation bumps
/// the generation after its commit, so every cached page is dropped at once and a reader that
/// started before the commit can only fill a key of the old generation. When Redis is unreachable
/// every call degrades to a miss and the roll is answered from the database.
/// </summary>
public sealed class HonorRollCache(IServiceProvider services, ILogger<HonorRollCache> log)
{
    private const string GenerationKey = "honors:roll:gen";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly IConnectionMultiplexer? _redis = services.GetService<IConnectionMultiplexer>();

    /// <summary>
    /// Skips Redis while it is disconnected: the client would otherwise queue each command until its
    /// timeout, and the roll must keep answering promptly from the database.
    /// </summary>
    private bool Usable => _redis is { IsConnected: true };

    public async Task<(string? Json, string? Key)> GetAsync(string suffix)
    {
        if (!Usable) return (null, null);
        try
        {
            var db = _redis!.GetDatabase();
            var generation = (long?)await db.StringGetAsync(GenerationKey) ?? 0;
            var key = $"honors:roll:{generation}:{suffix}";
            var json = await db.StringGetAsync(key);
            return (json.HasValue ? json.ToString() : null, key);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            log.LogWarning("Honor-roll cache unavailable, answering from the database: {Error}", e.Message);
            return (null, null);
        }
    }

    public async Task SetAsync(string? key, string json)
    {
        if (!Usable || key is null) return;
        try { await _redis!.GetDatabase().StringSetAsync(key, json, Lifetime); }
        catch (Exception e) when (e is RedisException or TimeoutException) { log.LogWarning("Honor-roll cache not filled: {Error}", e.Message); }
    }

    /// <summary>Call only after the award or revocation committed.</summary>
    public async Task InvalidateAsync()
    {
        if (_redis is null) return;
        try { await _redis.GetDatabase().StringIncrementAsync(GenerationKey); }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Entries expire on their own; the lifetime bounds how long a stale page can live if Redis comes back.
            log.LogError("Honor-roll cache could not be invalidated: {Error}", e.Message);
        }
    }
}
