using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using Party.Identity.Apis;
using Party.Identity.Domain.Clients;
using Party.ServiceDefaults.Auth;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Party.Identity.Data;

/// <summary>
/// What a new installation needs before anyone can sign in, applied at start-up after the migrations (the follow-up of the
/// migration step, see <c>Extensions.AddIdentity</c>).
/// </summary>
public static class Seeding
{
    public static async Task PrepareIdentityAsync(this IServiceProvider root, CancellationToken ct)
    {
        await using var scope = root.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<IdentityDbContext>();
        var clock = services.GetRequiredService<TimeProvider>();
        var settings = services.GetRequiredService<IOptions<IdentitySettings>>().Value;
        var environment = services.GetRequiredService<IHostEnvironment>();
        // The category WebApplication.Logger writes under, as when this ran from Program.cs.
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(environment.ApplicationName);
        await root.GetRequiredService<TokenKeyRing>().LoadAsync(db, clock, ct);
        await SeedOperatorAsync(db, services.GetRequiredService<IPasswordHasher<UserAccount>>(), settings, clock, log);
        if (environment.IsDevelopment() && settings.DevelopmentClientSecret is { Length: > 0 } secret)
            await SeedDevelopmentClientAsync(services.GetRequiredService<IOpenIddictApplicationManager>(), secret);
        if (settings.PortalClient is { Secret.Length: > 0 } portal)
            await SeedPortalClientAsync(db, services.GetRequiredService<IOpenIddictApplicationManager>(), portal, clock);
    }

    /// <summary>
    /// The township portal as the installation configures it: registered, or brought in line with the configuration (its
    /// secret and addresses) at every start, so a moved gateway port or a new secret needs no operator.
    /// </summary>
    private static async Task SeedPortalClientAsync(IdentityDbContext db, IOpenIddictApplicationManager applications,
        PortalClientSettings portal, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var client = await db.Clients.FirstOrDefaultAsync(c => c.ClientId == portal.ClientId);
        if (client is null)
        {
            client = new ClientRegistration
            {
                ClientId = portal.ClientId, DisplayName = portal.DisplayName, Kind = ClientKinds.Web, CreatedAt = now, SecretIssuedAt = now,
            };
            db.Clients.Add(client);
        }
        client.DisplayName = portal.DisplayName;
        client.Kind = ClientKinds.Web;
        client.Scopes = [Extensions.PiiRead];
        client.RedirectUris = portal.RedirectUris;
        client.Enabled = true;
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId, ClientSecret = portal.Secret, ClientType = ClientTypes.Confidential,
        };
        ClientPermissions.Apply(client, descriptor);
        foreach (var uri in portal.PostLogoutRedirectUris) descriptor.PostLogoutRedirectUris.Add(new Uri(uri));
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.SaveChangesAsync();
            if (await applications.FindByClientIdAsync(client.ClientId) is { } existing)
                await applications.UpdateAsync(existing, descriptor);
            else await applications.CreateAsync(descriptor);
            await tx.CommitAsync();
        }
        catch (Exception e)
            when (e is DbUpdateException or OpenIddictExceptions.ValidationException or OpenIddictExceptions.ConcurrencyException)
        {
            // Another replica registered it at the same moment, from the same configuration.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// The first operator (初始运维账号), only while no operator exists, with the initial password the installer chose
    /// (the app host prints it once); it must be changed at the first sign-in.
    /// </summary>
    private static async Task SeedOperatorAsync(IdentityDbContext db, IPasswordHasher<UserAccount> hasher, IdentitySettings settings,
        TimeProvider clock, ILogger log)
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
        foreach (var scope in new[] { Extensions.PiiRead }.Concat(Bureaus.AllScopes))
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
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
