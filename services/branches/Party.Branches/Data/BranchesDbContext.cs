using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Party.Branches.Domain.OrgUnits;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.Messaging.Outbox;

namespace Party.Branches.Data;

public sealed class BranchesDbContext(DbContextOptions<BranchesDbContext> options) : DbContext(options), IMessagingDbContext, IAuditDbContext
{
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables().AddAuditTable();
        // Each area keeps its entity configuration in Data/Configurations (IEntityTypeConfiguration<T>).
        model.ApplyConfigurationsFromAssembly(typeof(BranchesDbContext).Assembly);
        model.Entity<OrgUnit>(e =>
        {
            e.ToTable("org_units");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Code).HasMaxLength(50);
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(40);
            e.Property(x => x.Domain).HasConversion<string>().HasMaxLength(40);
            e.Property(x => x.Path).HasMaxLength(1000);
            e.HasIndex(x => x.Path).HasOperators("text_pattern_ops");
            e.HasIndex(x => x.ParentId);
            e.Property(x => x.RowVersion).IsRowVersion();
        });
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without a running service.</summary>
public sealed class BranchesDesignTimeFactory : IDesignTimeDbContextFactory<BranchesDbContext>
{
    public BranchesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<BranchesDbContext>().UseNpgsql("Host=localhost;Database=branches").UseSnakeCaseNamingConvention().Options);
}
