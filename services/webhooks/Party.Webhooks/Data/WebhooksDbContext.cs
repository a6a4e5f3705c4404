using Microsoft.EntityFrameworkCore;
using Party.Messaging;
using Party.Messaging.Outbox;
using Party.Persistence;
using Party.Persistence.OrgUnits;

namespace Party.Webhooks.Data;

public sealed class WebhooksDbContext(DbContextOptions<WebhooksDbContext> options) : DbContext(options), IOrgUnitReplicaDbContext
{
    public DbSet<OrgUnitReplica> OrgUnits => Set<OrgUnitReplica>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<WebhookSubscription> Subscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookEvent> Events => Set<WebhookEvent>();
    public DbSet<WebhookDelivery> Deliveries => Set<WebhookDelivery>();
    public DbSet<DeliveryAttempt> Attempts => Set<DeliveryAttempt>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables().AddOrgUnitReplica();
        model.Entity<WebhookSubscription>(e =>
        {
            e.ToTable("webhook_subscriptions");
            e.HasKey(x => x.Id);
            e.Property(x => x.ClientId).HasMaxLength(100);
            e.Property(x => x.Bureau).HasMaxLength(100);
            e.HasOrgPath(indexed: false);
            e.Property(x => x.Url).HasMaxLength(2000);
            e.Property(x => x.Secret).HasMaxLength(100);
            e.Property(x => x.Description).HasMaxLength(200);
            e.HasIndex(x => x.ClientId);
        });
        model.Entity<WebhookEvent>(e =>
        {
            e.ToTable("webhook_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Kind).HasMaxLength(100);
            e.HasOrgPath(indexed: false);
            e.Property(x => x.Data).HasColumnType("jsonb");
        });
        model.Entity<WebhookDelivery>(e =>
        {
            e.ToTable("webhook_deliveries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.ClientId).HasMaxLength(100);
            e.Property(x => x.Kind).HasMaxLength(100);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.LastError).HasMaxLength(500);
            // One delivery per event and subscription, however often the event arrives.
            e.HasIndex(x => new { x.EventId, x.SubscriptionId }).IsUnique();
            // The worker only ever scans pending rows by due time.
            e.HasIndex(x => x.NextAttemptAt).HasFilter("status = 'pending'").HasDatabaseName("ix_webhook_deliveries_due");
            e.HasIndex(x => new { x.ClientId, x.CreatedAt });
            e.HasIndex(x => new { x.SubscriptionId, x.CreatedAt });
        });
        model.Entity<DeliveryAttempt>(e =>
        {
            e.ToTable("webhook_delivery_attempts");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.Error).HasMaxLength(500);
            e.HasIndex(x => x.DeliveryId);
        });
    }
}

/// <summary>For <c>dotnet ef migrations</c>: the model only, no server.</summary>
public sealed class WebhooksDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<WebhooksDbContext>
{
    public WebhooksDbContext CreateDbContext(string[] args) => new(PersistenceExtensions.DesignTimeOptions<WebhooksDbContext>("webhooks"));
}
