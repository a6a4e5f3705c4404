using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.Messaging.OrgUnits;
using Party.Messaging.Outbox;

namespace Party.ResidentCadres.Data;

public sealed class ResidentCadresDbContext(DbContextOptions<ResidentCadresDbContext> options) : DbContext(options), IOrgUnitReplicaDbContext, IAuditDbContext
{
    public DbSet<OrgUnitReplica> OrgUnits => Set<OrgUnitReplica>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables().AddAuditTable().AddOrgUnitReplica();
        // Each area keeps its entity configuration in Data/Configurations (IEntityTypeConfiguration<T>).
        model.ApplyConfigurationsFromAssembly(typeof(ResidentCadresDbContext).Assembly);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without a running service.</summary>
public sealed class ResidentCadresDesignTimeFactory : IDesignTimeDbContextFactory<ResidentCadresDbContext>
{
    public ResidentCadresDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ResidentCadresDbContext>().UseNpgsql("Host=localhost;Database=cadres").UseSnakeCaseNamingConvention().Options);
}
