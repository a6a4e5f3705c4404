using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Party.Identity.Data;

/// <summary>
/// The service's token keys, read from <c>token_keys</c> once at start-up (after the migrations) and handed to
/// OpenIddict: every active signing key is published in the JWKS, the newest signs. Restarts and replicas share them,
/// so a restart signs nobody out. Rotation: <see cref="RotateAsync"/> adds a new signing key, which signs after the
/// next start of each instance; keys superseded longer ago than a token lives are retired then.
/// </summary>
public sealed class TokenKeyRing
{
    public const string Signing = "sig";
    public const string Encryption = "enc";
    // "PARTYKEY": one creator of the first keys when replicas start together.
    private const long LockKey = 0x5041_5254_594B_4559;

    private IReadOnlyList<RsaSecurityKey>? _signing;
    private IReadOnlyList<RsaSecurityKey>? _encryption;

    /// <summary>Newest first.</summary>
    public IReadOnlyList<RsaSecurityKey> SigningKeys =>
        _signing ?? throw new InvalidOperationException("Token keys are not loaded: call LoadAsync after the migrations.");
    public IReadOnlyList<RsaSecurityKey> EncryptionKeys => _encryption ?? throw new InvalidOperationException("Token keys are not loaded.");

    public async Task LoadAsync(IdentityDbContext db, TimeProvider clock, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({LockKey})", ct);
            foreach (var use in new[] { Signing, Encryption })
            {
                if (!await db.TokenKeys.AnyAsync(k => k.Use == use && k.RetiredAt == null, ct))
                    db.TokenKeys.Add(NewKey(use, clock.GetUtcNow()));
            }
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
        var keys = await db.TokenKeys.AsNoTracking().Where(k => k.RetiredAt == null).OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
        _signing = keys.Where(k => k.Use == Signing).Select(ToSecurityKey).ToList();
        _encryption = keys.Where(k => k.Use == Encryption).Select(ToSecurityKey).ToList();
    }

    /// <summary>
    /// Adds a new signing key and retires those superseded before <paramref name="retireBefore"/> (saved by the caller).
    /// Returns the new key id.
    /// </summary>
    public static async Task<string> RotateAsync(IdentityDbContext db, DateTimeOffset now, DateTimeOffset retireBefore,
        CancellationToken ct)
    {
        var key = NewKey(Signing, now);
        var active = await db.TokenKeys.Where(k => k.Use == Signing && k.RetiredAt == null).OrderByDescending(k => k.CreatedAt)
            .ToListAsync(ct);
        // The newest existing key keeps verifying what it signed until the instances restart; older ones, superseded long
        // enough ago that their tokens have expired, go.
        for (var i = 1; i < active.Count; i++)
        {
            if (active[i - 1].CreatedAt < retireBefore) active[i].RetiredAt = now;
        }
        db.TokenKeys.Add(key);
        return key.KeyId;
    }

    private static TokenKey NewKey(string use, DateTimeOffset now)
    {
        using var rsa = RSA.Create(2048);
        return new TokenKey
        {
            Id = Guid.CreateVersion7(),
            Use = use,
            KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Material = Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()),
            CreatedAt = now,
        };
    }

    private static RsaSecurityKey ToSecurityKey(TokenKey key)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(key.Material), out _);
        return new RsaSecurityKey(rsa) { KeyId = key.KeyId };
    }
}

/// <summary>Hands the loaded keys to OpenIddict when its options are first built (at the first request).</summary>
internal sealed class TokenKeyOptions(TokenKeyRing ring) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        foreach (var key in ring.SigningKeys)
            options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
        foreach (var key in ring.EncryptionKeys)
            options.EncryptionCredentials.Add(
                new EncryptingCredentials(key, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }
}
