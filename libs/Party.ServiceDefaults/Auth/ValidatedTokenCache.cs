using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Party.ServiceDefaults.Auth;

/// <summary>
/// A JWT handler that remembers the tokens it has found valid. A caller sends the same access token with every request
/// until it expires, and checking its RSA signature again each time was the largest single cost of a proxied request
/// that is ours (about a sixth of the gateway's CPU under <c>./party bench gateway</c>, perf), paid again by the
/// service behind it. A token seen before, byte for byte, is accepted from memory until it expires or
/// <see cref="MaxAge"/> has passed since it was checked, whichever comes first; anything else — a new token, an altered
/// one, an invalid one (never remembered) — is validated in full. The tolerance this buys: after the issuer's signing
/// key is withdrawn, a token signed with it is still accepted for up to <see cref="MaxAge"/>.
/// </summary>
public sealed class ValidatedTokenCache(TimeProvider? clock = null, int capacity = ValidatedTokenCache.Capacity) : JsonWebTokenHandler
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>
    /// At most this many tokens are remembered, enough for a province's morning (10,000 resident cadres checking in, and the
    /// offices) within <see cref="MaxAge"/>: about 6 KB each (measured on 10,000 cadre tokens), so 100 MB at most, and only
    /// while that many callers are active. Beyond it the expired ones go, then those checked longest ago, down to three
    /// quarters of it. It was 4,096 and then everything went: the 10,000 cadres of <c>./party bench cadres-checkin</c> had
    /// each token checked in full again on its repeat, a tenth of the gateway's CPU and a twelfth of resident-cadres' (perf).
    /// </summary>
    public const int Capacity = 16_384;

    private readonly ConcurrentDictionary<string, Remembered> _valid = new(StringComparer.Ordinal);

    // Kept beside the dictionary because its Count takes every lock: asked on each new token, it made the cache the
    // most contended lock of resident-cadres while 10,000 cadres checked in for the first time (dotnet-trace). It can be
    // off by the tokens added while an eviction clears; the next eviction recounts.
    private int _size;
    private int _evicting;

    private sealed record Remembered(TokenValidationResult Result, DateTimeOffset Until);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (token is null) return await base.ValidateTokenAsync(token!, validationParameters);
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        if (_valid.TryGetValue(token, out var seen))
        {
            if (now < seen.Until) return Copy(seen.Result);
            if (_valid.TryRemove(new KeyValuePair<string, Remembered>(token, seen))) Interlocked.Decrement(ref _size);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { } validated)
        {
            // Lifetime was validated with the clock skew allowed; the cache allows no more than that.
            var expires = validated.ValidTo == DateTime.MinValue
                ? now + MaxAge
                : new DateTimeOffset(DateTime.SpecifyKind(validated.ValidTo, DateTimeKind.Utc)) + validationParameters.ClockSkew;
            var until = expires < now + MaxAge ? expires : now + MaxAge;
            var entry = new Remembered(Copy(result), until);
            if (!_valid.TryAdd(token, entry)) _valid[token] = entry;
            else if (Interlocked.Increment(ref _size) > capacity) Evict(now);
        }
        return result;
    }

    /// <summary>How many tokens are remembered now (for tests and diagnostics).</summary>
    public int Count => _valid.Count;

    /// <summary>One thread at a time sweeps; the others go on, briefly over capacity.</summary>
    private void Evict(DateTimeOffset now)
    {
        if (Interlocked.CompareExchange(ref _evicting, 1, 0) != 0) return;
        try
        {
            foreach (var (key, entry) in _valid)
            {
                if (entry.Until <= now) _valid.TryRemove(new KeyValuePair<string, Remembered>(key, entry));
            }
            // Down to three quarters, so that the next sweep is a quarter of the capacity away rather than one token.
            // The earliest Until is the token remembered longest ago (or the one expiring first); emptying the whole
            // cache instead sent every busy caller back to a full check at once.
            if (_valid.Count > capacity)
            {
                var excess = _valid.Count - capacity * 3 / 4;
                foreach (var stale in _valid.OrderBy(e => e.Value.Until).Take(excess).ToList()) _valid.TryRemove(stale);
            }
            Volatile.Write(ref _size, _valid.Count);
        }
        finally
        {
            Volatile.Write(ref _evicting, 0);
        }
    }

    // Each request gets its own identity: code after authentication may add claims to it, which must not leak into the
    // next request that presents the same token.
    private static TokenValidationResult Copy(TokenValidationResult r) => new()
    {
        IsValid = true,
        ClaimsIdentity = r.ClaimsIdentity.Clone(),
        SecurityToken = r.SecurityToken,
        Issuer = r.Issuer,
        TokenType = r.TokenType,
    };
}
