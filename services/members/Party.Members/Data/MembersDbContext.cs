using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Party.Messaging;
using Party.Messaging.Outbox;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.Persistence.OrgUnits;

namespace Party.Members.Data;

public sealed class MembersDbContext(DbContextOptions<MembersDbContext> options) : DbContext(options), IOrgUnitReplicaDbContext,
    IAuditDbContext
{
    public DbSet<OrgUnitReplica> OrgUnits => Set<OrgUnitReplica>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables().AddAuditTable().AddOrgUnitReplica();
        // Each area keeps its entity configuration in Data/Configurations (IEntityTypeConfiguration<T>).
        model.ApplyConfigurationsFromAssembly(typeof(MembersDbContext).Assembly);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without a running service.</summary>
public sealed class MembersDesignTimeFactory : IDesignTimeDbContextFactory<MembersDbContext>
{
    public MembersDbContext CreateDbContext(string[] args) => new(PersistenceExtensions.DesignTimeOptions<MembersDbContext>("members"));
}
