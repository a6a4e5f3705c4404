using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Party.ServiceDefaults.Auth;

namespace Party.Platform.Tests;

/// <summary>
/// The remembered validations of <see cref="ValidatedTokenCache"/>: never longer than the token's life or
/// <see cref="ValidatedTokenCache.MaxAge"/>, never for an invalid token, and a fresh identity for every request.
/// </summary>
public class ValidatedTokenCacheTests
{
    private static readonly RSA Signing = RSA.Create(2048);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

    private TokenValidationParameters Parameters(RSA key) => new()
    {
        ValidIssuer = "https://identity.test/",
        ValidAudience = AuthExtensions.Audience,
        IssuerSigningKey = new RsaSecurityKey(key),
        ClockSkew = TimeSpan.FromSeconds(30),
        // The handler checks lifetimes on the machine's clock; here they are checked on the test's.
        LifetimeValidator = (_, expires, _, p) => expires is { } e && _clock.GetUtcNow().UtcDateTime < e + p.ClockSkew
            ? true
            : throw new SecurityTokenExpiredException("expired on the test clock"),
    };

    private string Token(TimeSpan lifetime, RSA? key = null)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://identity.test/",
            Audience = AuthExtensions.Audience,
            Claims = new Dictionary<string, object> { [PartyClaims.Subject] = "township-clerk", [PartyClaims.Role] = "township" },
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? Signing), SecurityAlgorithms.RsaSha256),
        });
    }

    [Fact]
    public async Task A_token_seen_before_is_accepted_from_memory_with_an_identity_of_its_own()
    {
        var cache = new ValidatedTokenCache(_clock);
        var token = Token(TimeSpan.FromHours(1));
        var first = await cache.ValidateTokenAsync(token, Parameters(Signing));
        Assert.True(first.IsValid);
        Assert.Equal(1, cache.Count);
        first.ClaimsIdentity.AddClaim(new Claim("added-by-request-one", "x"));

        // Validated with a key that could not verify it: only a remembered validation accepts it.
        var second = await cache.ValidateTokenAsync(token, Parameters(RSA.Create(2048)));
        Assert.True(second.IsValid);
        Assert.Equal("township-clerk", second.ClaimsIdentity.FindFirst(PartyClaims.Subject)?.Value);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Null(second.ClaimsIdentity.FindFirst("added-by-request-one"));
    }

    [Fact]
    public async Task A_remembered_token_is_validated_again_after_the_maximum_age()
    {
        var cache = new ValidatedTokenCache(_clock);
        var token = Token(TimeSpan.FromHours(1));
        Assert.True((await cache.ValidateTokenAsync(token, Parameters(Signing))).IsValid);
        var withdrawnKey = Parameters(RSA.Create(2048)); // the signing key has been withdrawn meanwhile

        _clock.Advance(ValidatedTokenCache.MaxAge - TimeSpan.FromSeconds(1));
        Assert.True((await cache.ValidateTokenAsync(token, withdrawnKey)).IsValid);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False((await cache.ValidateTokenAsync(token, withdrawnKey)).IsValid);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_expires()
    {
        var cache = new ValidatedTokenCache(_clock);
        var token = Token(TimeSpan.FromMinutes(2));
        Assert.True((await cache.ValidateTokenAsync(token, Parameters(Signing))).IsValid);

        _clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(29));
        Assert.True((await cache.ValidateTokenAsync(token, Parameters(Signing))).IsValid); // within the clock skew
        _clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await cache.ValidateTokenAsync(token, Parameters(Signing));
        Assert.False(expired.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(expired.Exception);
    }

    [Fact]
    public async Task An_invalid_token_is_never_remembered()
    {
        var cache = new ValidatedTokenCache(_clock);
        var forged = Token(TimeSpan.FromHours(1), key: RSA.Create(2048));
        Assert.False((await cache.ValidateTokenAsync(forged, Parameters(Signing))).IsValid);
        Assert.False((await cache.ValidateTokenAsync(forged, Parameters(Signing))).IsValid);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task Past_its_capacity_the_cache_drops_the_expired_tokens_then_those_checked_longest_ago()
    {
        var cache = new ValidatedTokenCache(_clock, capacity: 4);
        async Task Check(string token) => Assert.True((await cache.ValidateTokenAsync(token, Parameters(Signing))).IsValid);
        var shortLived = Token(TimeSpan.FromMinutes(1));
        var (b, c, d, e, f) = (Token(TimeSpan.FromHours(1)), Token(TimeSpan.FromHours(2)), Token(TimeSpan.FromHours(3)),
            Token(TimeSpan.FromHours(4)), Token(TimeSpan.FromHours(5)));
        foreach (var token in new[] { shortLived, b, c }) await Check(token); // 9:00
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Check(d); // 9:01
        Assert.Equal(4, cache.Count);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await Check(e); // 9:02: the short-lived token is past its skew and goes, nothing else does
        Assert.Equal(4, cache.Count);
        var wrongKey = Parameters(RSA.Create(2048));
        Assert.True((await cache.ValidateTokenAsync(b, wrongKey)).IsValid); // still remembered

        _clock.Advance(TimeSpan.FromMinutes(1));
        await Check(f); // 9:03: five remembered, none expired: down to three, the ones checked last
        Assert.Equal(3, cache.Count);
        Assert.False((await cache.ValidateTokenAsync(b, wrongKey)).IsValid); // checked at 9:00: forgotten, so checked in full
        Assert.False((await cache.ValidateTokenAsync(c, wrongKey)).IsValid);
        foreach (var kept in new[] { d, e, f }) Assert.True((await cache.ValidateTokenAsync(kept, wrongKey)).IsValid);
    }
}
