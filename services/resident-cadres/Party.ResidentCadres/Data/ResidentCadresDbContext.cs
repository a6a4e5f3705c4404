using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Party.Messaging;
using Party.Messaging.Outbox;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.Persistence.OrgUnits;
using Party.ResidentCadres.Domain.Attendance;
using Party.ResidentCadres.Domain.Cadres;
using Party.ResidentCadres.Domain.CheckIns;
using Party.ResidentCadres.Domain.Circulars;
using Party.ResidentCadres.Domain.Funds;
using Party.ResidentCadres.Domain.Leaves;
using Party.ResidentCadres.Domain.Settings;
using Party.ResidentCadres.Domain.SpotChecks;
using Party.ResidentCadres.Domain.Stars;
using Party.ResidentCadres.Domain.Stipends;
using Party.ResidentCadres.Domain.Villages;

namespace Party.ResidentCadres.Data;

public sealed class ResidentCadresDbContext(DbContextOptions<ResidentCadresDbContext> options)
    : DbContext(options), IOrgUnitReplicaDbContext, IAuditDbContext
{
    public DbSet<OrgUnitReplica> OrgUnits => Set<OrgUnitReplica>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<RuleSetting> RuleSettings => Set<RuleSetting>();
    public DbSet<VillageProfile> Villages => Set<VillageProfile>();
    public DbSet<PovertyReport> PovertyReports => Set<PovertyReport>();
    public DbSet<Cadre> Cadres => Set<Cadre>();
    public DbSet<Assignment> Assignments => Set<Assignment>();
    public DbSet<CheckIn> CheckIns => Set<CheckIn>();
    public DbSet<Leave> Leaves => Set<Leave>();
    public DbSet<Errand> Errands => Set<Errand>();
    public DbSet<SpotCheck> SpotChecks => Set<SpotCheck>();
    public DbSet<Violation> Violations => Set<Violation>();
    public DbSet<MonthClose> MonthCloses => Set<MonthClose>();
    public DbSet<AttendanceMonth> AttendanceMonths => Set<AttendanceMonth>();
    public DbSet<StipendStatement> Statements => Set<StipendStatement>();
    public DbSet<FundLedgerEntry> FundLedger => Set<FundLedgerEntry>();
    public DbSet<WeeklyCircular> Circulars => Set<WeeklyCircular>();
    public DbSet<WeeklyCircularLine> CircularLines => Set<WeeklyCircularLine>();
    public DbSet<StarNomination> StarNominations => Set<StarNomination>();

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
        new(PersistenceExtensions.DesignTimeOptions<ResidentCadresDbContext>("cadres"));
}
