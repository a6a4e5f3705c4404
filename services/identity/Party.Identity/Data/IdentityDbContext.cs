using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OpenIddict.EntityFrameworkCore.Models;
using Party.Messaging;
using Party.Messaging.Outbox;
using Party.Persistence;
using Party.Persistence.OrgUnits;

namespace Party.Identity.Data;

public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options), IOrgUnitReplicaDbContext
{
    public DbSet<OrgUnitReplica> OrgUnits => Set<OrgUnitReplica>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<UserAccount> Users => Set<UserAccount>();
    public DbSet<SignInThrottle> SignInThrottles => Set<SignInThrottle>();
    public DbSet<ClientRegistration> Clients => Set<ClientRegistration>();
    public DbSet<TokenKey> TokenKeys => Set<TokenKey>();
    public DbSet<SecurityEvent> SecurityEvents => Set<SecurityEvent>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables().AddOrgUnitReplica();
        // OpenIddict's applications, authorizations, scopes and tokens, keyed by Guid like everything else here.
        model.UseOpenIddict<Guid>();
        model.Entity<OpenIddictEntityFrameworkCoreApplication<Guid>>().ToTable("openiddict_applications");
        model.Entity<OpenIddictEntityFrameworkCoreAuthorization<Guid>>().ToTable("openiddict_authorizations");
        model.Entity<OpenIddictEntityFrameworkCoreScope<Guid>>().ToTable("openiddict_scopes");
        model.Entity<OpenIddictEntityFrameworkCoreToken<Guid>>().ToTable("openiddict_tokens");
        model.Entity<UserAccount>(e =>
        {
            e.ToTable("users");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.AccountName).IsUnique();
            e.Property(x => x.AccountName).HasMaxLength(50);
            e.Property(x => x.DisplayName).HasMaxLength(100);
            e.Property(x => x.Mobile).HasMaxLength(11);
            e.Property(x => x.Role).HasMaxLength(20);
            e.HasOrgPath();
            e.Property(x => x.SecurityStamp).HasMaxLength(64);
            e.Property(x => x.Version).IsRowVersion();
        });
        model.Entity<SignInThrottle>(e =>
        {
            e.ToTable("sign_in_throttles");
            e.HasKey(x => x.AccountName);
            e.Property(x => x.AccountName).HasMaxLength(200);
        });
        model.Entity<ClientRegistration>(e =>
        {
            e.ToTable("client_registrations");
            e.HasKey(x => x.ClientId);
            e.Property(x => x.ClientId).HasMaxLength(100);
            e.Property(x => x.DisplayName).HasMaxLength(100);
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.Bureau).HasMaxLength(50);
            e.Property(x => x.Version).IsRowVersion();
        });
        model.Entity<TokenKey>(e =>
        {
            e.ToTable("token_keys");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.KeyId).IsUnique();
            e.Property(x => x.Use).HasMaxLength(3);
            e.Property(x => x.KeyId).HasMaxLength(64);
        });
        model.Entity<SecurityEvent>(e =>
        {
            e.ToTable("security_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.Action).HasMaxLength(50);
            e.Property(x => x.Actor).HasMaxLength(200);
            e.Property(x => x.ActorName).HasMaxLength(200);
            e.Property(x => x.Address).HasMaxLength(64);
            e.Property(x => x.Entity).HasMaxLength(20);
            e.Property(x => x.EntityId).HasMaxLength(200);
            e.HasIndex(x => new { x.Entity, x.EntityId });
            e.HasIndex(x => x.OrgPath).HasOperators("text_pattern_ops");
        });
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without a running service.</summary>
public sealed class IdentityDesignTimeFactory : IDesignTimeDbContextFactory<IdentityDbContext>
{
    public IdentityDbContext CreateDbContext(string[] args) => new(PersistenceExtensions.DesignTimeOptions<IdentityDbContext>("identity"));
}
