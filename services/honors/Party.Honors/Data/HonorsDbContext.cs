using Party.Persistence.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.ModelDatabase;
using Party.Honors.Domain.Nominations;
using Party.Honors.Domain.Subjects;
using Party.Messaging;
using Party.Messaging.Outbox;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.Persistence.OrgUnits;

namespace Party.Honors.Data;

public sealed class HonorsDbContext(DbContextOptions<HonorsDbContext> options)
    : DbContext(options), IOrgUnitReplicaDbContext, IWorkingCalendarReplicaDbContext, IAuditDbContext
{
    public DbSet<OrgUnitReplica> OrgUnits => Set<OrgUnitReplica>();
    public DbSet<CalendarDayReplica> CalendarDays => Set<CalendarDayReplica>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<HonorType> HonorTypes => Set<HonorType>();
    public DbSet<ReviewingClient> ReviewingClients => Set<ReviewingClient>();
    public DbSet<HonorSettings> Settings => Set<HonorSettings>();
    public DbSet<MemberFact> MemberFacts => Set<MemberFact>();
    public DbSet<MemberGrade> MemberGrades => Set<MemberGrade>();
    public DbSet<MemberMark> MemberMarks => Set<MemberMark>();
    public DbSet<BranchRating> BranchRatings => Set<BranchRating>();
    public DbSet<CadreMonth> CadreMonths => Set<CadreMonth>();
    public DbSet<CadreViolation> CadreViolations => Set<CadreViolation>();
    public DbSet<Nomination> Nominations => Set<Nomination>();
    public DbSet<ReviewOpinion> ReviewOpinions => Set<ReviewOpinion>();
    public DbSet<NoticeObjection> NoticeObjections => Set<NoticeObjection>();
    public DbSet<Award> Awards => Set<Award>();
    public DbSet<ModelProfile> Profiles => Set<ModelProfile>();
    public DbSet<AwardReReview> ReReviews => Set<AwardReReview>();
    public DbSet<FollowUpVisit> Visits => Set<FollowUpVisit>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables().AddAuditTable().AddOrgUnitReplica().AddWorkingCalendarReplica();
        // Each area keeps its entity configuration in Data/Configurations (IEntityTypeConfiguration<T>).
        model.ApplyConfigurationsFromAssembly(typeof(HonorsDbContext).Assembly);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the model without a running service.</summary>
public sealed class HonorsDesignTimeFactory : IDesignTimeDbContextFactory<HonorsDbContext>
{
    public HonorsDbContext CreateDbContext(string[] args) => new(PersistenceExtensions.DesignTimeOptions<HonorsDbContext>("honors"));
}
