using Party.Persistence.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Party.Branches.Domain.Development;
using Party.Branches.Domain.Meetings;
using Party.Branches.Domain.OrgUnits;
using Party.Branches.Domain.Policies;
using Party.Branches.Domain.Ratings;
using Party.Branches.Domain.Reserves;
using Party.Branches.Domain.Secretaries;
using Party.Branches.Domain.Subsidies;
using Party.Branches.Domain.Weak;
using Party.Messaging;
using Party.Messaging.Outbox;
using Party.Persistence;
using Party.Persistence.Audit;

namespace Party.Branches.Data;

public sealed class BranchesDbContext(DbContextOptions<BranchesDbContext> options)
    : DbContext(options), IWorkingCalendarReplicaDbContext, IAuditDbContext
{
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();
    public DbSet<BranchPolicy> Policies => Set<BranchPolicy>();
    public DbSet<RatingTemplate> RatingTemplates => Set<RatingTemplate>();
    public DbSet<BranchRating> Ratings => Set<BranchRating>();
    public DbSet<RatingObjection> RatingObjections => Set<RatingObjection>();
    public DbSet<AdjustmentCase> AdjustmentCases => Set<AdjustmentCase>();
    public DbSet<SubsidyEntry> Subsidies => Set<SubsidyEntry>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<DevelopmentAdmission> DevelopmentAdmissions => Set<DevelopmentAdmission>();
    public DbSet<WeakDesignation> WeakDesignations => Set<WeakDesignation>();
    public DbSet<VillageSecretary> Secretaries => Set<VillageSecretary>();
    public DbSet<SecretaryAppraisal> SecretaryAppraisals => Set<SecretaryAppraisal>();
    public DbSet<CountyIncome> CountyIncomes => Set<CountyIncome>();
    public DbSet<ReserveCadre> ReserveCadres => Set<ReserveCadre>();
    public DbSet<Domain.Village.ObservationScore> ObservationScores => Set<Domain.Village.ObservationScore>();
    public DbSet<Domain.Village.ObservationMonth> ObservationMonths => Set<Domain.Village.ObservationMonth>();
    public DbSet<Domain.Village.DemonstrationSite> DemonstrationSites => Set<Domain.Village.DemonstrationSite>();
    public DbSet<Domain.Village.Pairing> Pairings => Set<Domain.Village.Pairing>();
    public DbSet<Domain.Village.PairingActivity> PairingActivities => Set<Domain.Village.PairingActivity>();
    public DbSet<Domain.Village.CollectiveIncome> CollectiveIncomes => Set<Domain.Village.CollectiveIncome>();
    public DbSet<ReceivedHonor> ReceivedHonors => Set<ReceivedHonor>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<CalendarDayReplica> CalendarDays => Set<CalendarDayReplica>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables().AddAuditTable().AddWorkingCalendarReplica();
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
    public BranchesDbContext CreateDbContext(string[] args) => new(PersistenceExtensions.DesignTimeOptions<BranchesDbContext>("branches"));
}
