using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using Party.Identity.Apis;
using Party.ServiceDefaults.Auth;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Party.Identity.Data;

/// <summary>What a new installation needs before anyone can sign in, applied at start-up after the migrations.</summary>
public static class Seeding
{
    public static async Task PrepareIdentityAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<IdentityDbContext>();
        var clock = services.GetRequiredService<TimeProvider>();
        var settings = services.GetRequiredService<IOptions<IdentitySettings>>().Value;
        await app.Services.GetRequiredService<TokenKeyRing>().LoadAsync(db, clock, CancellationToken.None);
        await SeedOperatorAsync(db, services.GetRequiredService<IPasswordHasher<UserAccount>>(), settings, clock, app.Logger);
        if (app.Environment.IsDevelopment() && settings.DevelopmentClientSecret is { Length: > 0 } secret)
            await SeedDevelopmentClientAsync(services.GetRequiredService<IOpenIddictApplicationManager>(), secret);
    }

    /// <summary>
    /// The first operator (初始运维账号), only while no operator exists, with the initial password the installer chose
    /// (the app host prints it once); it must be changed at the first sign-in.
    /// </summary>
    private static async Task SeedOperatorAsync(IdentityDbContext db, IPasswordHasher<UserAccount> hasher, IdentitySettings settings, TimeProvider clock, ILogger log)
    {
        if (settings.SeedOperatorPassword is not { Length: > 0 } password) return;
        if (await db.Users.AnyAsync(u => u.Role == PartyRoles.Operator)) return;
        var user = new UserAccount
        {
            Id = Guid.CreateVersion7(),
            AccountName = settings.SeedOperatorAccount,
            DisplayName = "运维管理员",
            Role = PartyRoles.Operator,
            OrgPath = "/",
            PasswordHash = "",
            SecurityStamp = "",
            CreatedAt = clock.GetUtcNow(),
        };
        Accounts.SetPassword(user, hasher, password, mustChange: true);
        db.Users.Add(user);
        db.SecurityEvents.Add(new SecurityEvent
        {
            At = clock.GetUtcNow(), Action = "user_created", Actor = "system", ActorName = "system", Entity = "user",
            EntityId = user.Id.ToString(), OrgPath = "/", Detail = $"{user.AccountName} operator (seed)",
        });
        try
        {
            await db.SaveChangesAsync();
            log.LogInformation("Created the first operator account {Account}.", user.AccountName);
        }
        catch (DbUpdateException)
        {
            // Another replica seeded it at the same moment.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The development-only client of `./party token`, with the secret the app host keeps in <c>.party/</c>.</summary>
    private static async Task SeedDevelopmentClientAsync(IOpenIddictApplicationManager applications, string secret)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = Extensions.DevelopmentClientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = "开发令牌（仅开发环境）",
            Permissions = { Permissions.Endpoints.Token, Permissions.Prefixes.GrantType + Extensions.DevelopmentGrant },
        };
        foreach (var scope in new[] { Extensions.PiiRead }.Concat(Domain.Bureaus.AllScopes)) descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        if (await applications.FindByClientIdAsync(Extensions.DevelopmentClientId) is { } existing)
            await applications.UpdateAsync(existing, descriptor);
        else
        {
            try { await applications.CreateAsync(descriptor); }
            catch (Exception e) when (e is DbUpdateException or OpenIddictExceptions.ValidationException)
            {
                // Another replica created it at the same moment.
            }
        }
    }
}
