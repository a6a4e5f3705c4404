using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Party.Branches.Domain.Development;
using Party.Branches.Domain.Meetings;
using Party.Branches.Domain.Policies;
using Party.Branches.Domain.Ratings;
using Party.Branches.Domain.Reserves;
using Party.Branches.Domain.Secretaries;
using Party.Branches.Domain.Subsidies;
using Party.Branches.Domain.Weak;
using Party.Persistence.OrgUnits;

namespace Party.Branches.Data.Configurations;

internal static class Json
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>Stores a value as jsonb text; the comparer makes in-place changes visible to the change tracker.</summary>
    public static PropertyBuilder<T> AsJsonb<T>(this PropertyBuilder<T> p) where T : class =>
        p.HasConversion(v => JsonSerializer.Serialize(v, Options), s => JsonSerializer.Deserialize<T>(s, Options)!,
                new ValueComparer<T>((a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
                    v => JsonSerializer.Serialize(v, Options).GetHashCode(),
                    v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Options), Options)!))
            .HasColumnType("jsonb");
}

internal sealed class BranchPolicyConfiguration : IEntityTypeConfiguration<BranchPolicy>
{
    public void Configure(EntityTypeBuilder<BranchPolicy> e)
    {
        e.ToTable("branch_policies");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.CountyId, x.EffectiveFrom }).IsUnique().AreNullsDistinct(false);
        e.Ignore(x => x.Thresholds);
        e.Ignore(x => x.Quota);
        e.Ignore(x => x.Tariff);
        foreach (var p in new[]
                 {
                     nameof(BranchPolicy.Star5MinScore), nameof(BranchPolicy.Star4MinScore), nameof(BranchPolicy.Star3MinScore),
                     nameof(BranchPolicy.Star2MinScore), nameof(BranchPolicy.Star5QuotaPercent), nameof(BranchPolicy.Star4QuotaPercent),
                     nameof(BranchPolicy.SecretarySharePercent), nameof(BranchPolicy.RemunerationIncomeMultiple),
                     nameof(BranchPolicy.RemunerationUpliftPercent),
                 })
            e.Property(p).HasPrecision(6, 2);
        e.Property(x => x.Star5Subsidy).HasPrecision(14, 2);
        e.Property(x => x.Star4Subsidy).HasPrecision(14, 2);
        e.Property(x => x.Reason).HasMaxLength(500);
        e.Property(x => x.RetirementTiers).AsJsonb();
        e.HasData(new BranchPolicy
        {
            Id = BranchPolicy.DefaultId, EffectiveFrom = new DateOnly(2000, 1, 1), Reason = "SPEC §4 默认值",
            CreatedAt = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });
    }
}

internal sealed class RatingTemplateConfiguration : IEntityTypeConfiguration<RatingTemplate>
{
    public void Configure(EntityTypeBuilder<RatingTemplate> e)
    {
        e.ToTable("rating_templates");
        e.HasKey(x => x.Id);
        e.Property(x => x.Domain).HasConversion<string>().HasMaxLength(40);
        e.HasIndex(x => new { x.Domain, x.EffectiveYear }).IsUnique();
        e.Property(x => x.Dimensions).AsJsonb();
        e.HasData(RatingTemplate.Defaults());
    }
}

internal sealed class BranchRatingConfiguration : IEntityTypeConfiguration<BranchRating>
{
    public void Configure(EntityTypeBuilder<BranchRating> e)
    {
        e.ToTable("branch_ratings");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.BranchId, x.Year }).IsUnique();
        e.HasIndex(x => new { x.Year, x.Status, x.OrgPath }).HasOperators(null!, null!, "text_pattern_ops");
        e.HasOrgPath(indexed: false);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.SelfScores).AsJsonb();
        e.Property(x => x.ReviewScores!).AsJsonb();
        e.Property(x => x.SelfScore).HasPrecision(5, 1);
        e.Property(x => x.Score).HasPrecision(5, 1);
        e.Property(x => x.SelfSummary).HasMaxLength(2000);
        e.Property(x => x.ReviewComment).HasMaxLength(2000);
        e.Property(x => x.RowVersion).IsRowVersion();
    }
}

internal sealed class RatingObjectionConfiguration : IEntityTypeConfiguration<RatingObjection>
{
    public void Configure(EntityTypeBuilder<RatingObjection> e)
    {
        e.ToTable("rating_objections");
        e.HasKey(x => x.Id);
        e.HasIndex(x => x.RatingId).HasFilter("resolved_at IS NULL").HasDatabaseName("ix_rating_objections_open");
        e.HasIndex(x => x.RatingId);
        e.Property(x => x.Text).HasMaxLength(2000);
        e.Property(x => x.Resolution).HasMaxLength(2000);
        e.Property(x => x.FiledBy).HasMaxLength(200);
        e.Property(x => x.ResolvedBy).HasMaxLength(200);
        e.HasOrgPath(indexed: false);
    }
}

internal sealed class AdjustmentCaseConfiguration : IEntityTypeConfiguration<AdjustmentCase>
{
    public void Configure(EntityTypeBuilder<AdjustmentCase> e)
    {
        e.ToTable("adjustment_cases");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.BranchId, x.Year }).IsUnique();
        e.HasOrgPath();
    }
}

internal sealed class SubsidyEntryConfiguration : IEntityTypeConfiguration<SubsidyEntry>
{
    public void Configure(EntityTypeBuilder<SubsidyEntry> e)
    {
        e.ToTable("subsidy_entries");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.BranchId, x.Year }).IsUnique();
        e.HasIndex(x => new { x.Year, x.OrgPath }).HasOperators(null!, "text_pattern_ops");
        e.HasOrgPath(indexed: false);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Amount).HasPrecision(14, 2);
        e.Property(x => x.SecretaryShare).HasPrecision(14, 2);
        e.Property(x => x.PaymentReference).HasMaxLength(100);
        e.Property(x => x.ApprovedBy).HasMaxLength(200);
        e.Property(x => x.PaidBy).HasMaxLength(200);
        e.Property(x => x.RowVersion).IsRowVersion();
    }
}

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> e)
    {
        e.ToTable("meetings");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.BranchId, x.HeldOn });
        // Reports ask for a subtree (path prefix) over a date range: the prefix leads so a county reads only its own rows.
        e.HasIndex(x => new { x.OrgPath, x.HeldOn }).HasOperators("text_pattern_ops", null!);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.Topic).HasMaxLength(500);
        e.Property(x => x.Minutes).HasMaxLength(20_000);
        e.HasOrgPath(indexed: false);
        e.Property(x => x.RecordedBy).HasMaxLength(200);
    }
}

internal sealed class DevelopmentAdmissionConfiguration : IEntityTypeConfiguration<DevelopmentAdmission>
{
    public void Configure(EntityTypeBuilder<DevelopmentAdmission> e)
    {
        e.ToTable("development_admissions");
        e.HasKey(x => x.MemberId);
        e.HasIndex(x => new { x.BranchId, x.AdmittedOn });
        e.HasOrgPath();
        e.Property(x => x.MemberName).HasMaxLength(100);
    }
}

internal sealed class WeakDesignationConfiguration : IEntityTypeConfiguration<WeakDesignation>
{
    public void Configure(EntityTypeBuilder<WeakDesignation> e)
    {
        e.ToTable("weak_designations");
        e.HasKey(x => x.Id);
        // One designation per branch and year; lifting keeps the row (nothing is deleted).
        e.HasIndex(x => new { x.BranchId, x.Year }).IsUnique();
        e.HasOrgPath();
        e.Property(x => x.Reason).HasMaxLength(2000);
        e.Property(x => x.LiftReason).HasMaxLength(2000);
        e.Property(x => x.DesignatedBy).HasMaxLength(200);
        e.Property(x => x.RowVersion).IsRowVersion();
    }
}

internal sealed class VillageSecretaryConfiguration : IEntityTypeConfiguration<VillageSecretary>
{
    public void Configure(EntityTypeBuilder<VillageSecretary> e)
    {
        e.ToTable("village_secretaries");
        e.HasKey(x => x.Id);
        // At most one secretary in office (or awaiting the exception) per branch.
        e.HasIndex(x => x.BranchId).IsUnique().HasFilter("status IN ('Serving', 'AwaitingException')")
            .HasDatabaseName("ix_village_secretaries_current");
        e.HasOrgPath();
        e.Property(x => x.Name).HasMaxLength(50);
        e.Property(x => x.Education).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.ExitKind).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.ExceptionReason).HasMaxLength(2000);
        e.Property(x => x.ExceptionDecision).HasMaxLength(2000);
        e.Property(x => x.ExceptionDecidedBy).HasMaxLength(200);
        e.Property(x => x.ExitReason).HasMaxLength(2000);
        e.Property(x => x.RowVersion).IsRowVersion();
    }
}

internal sealed class SecretaryAppraisalConfiguration : IEntityTypeConfiguration<SecretaryAppraisal>
{
    public void Configure(EntityTypeBuilder<SecretaryAppraisal> e)
    {
        e.ToTable("secretary_appraisals");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.SecretaryId, x.Year }).IsUnique();
        e.HasOrgPath(indexed: false);
        e.Property(x => x.Grade).HasMaxLength(20);
        e.Property(x => x.ReportSummary).HasMaxLength(5000);
    }
}

internal sealed class CountyIncomeConfiguration : IEntityTypeConfiguration<CountyIncome>
{
    public void Configure(EntityTypeBuilder<CountyIncome> e)
    {
        e.ToTable("county_incomes");
        e.HasKey(x => new { x.CountyId, x.Year });
        e.Property(x => x.PerCapitaNetIncome).HasPrecision(14, 2);
    }
}

internal sealed class ReserveCadreConfiguration : IEntityTypeConfiguration<ReserveCadre>
{
    public void Configure(EntityTypeBuilder<ReserveCadre> e)
    {
        e.ToTable("reserve_cadres");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.BranchId, x.Status });
        e.HasOrgPath();
        e.Property(x => x.Name).HasMaxLength(50);
        e.Property(x => x.Education).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Channels).AsJsonb();
        e.Property(x => x.ReviewComment).HasMaxLength(2000);
        e.Property(x => x.SelfEvaluation).HasMaxLength(2000);
        e.Property(x => x.BranchEvaluation).HasMaxLength(2000);
        e.Property(x => x.TownshipEvaluation).HasMaxLength(2000);
        e.Property(x => x.DecisionReason).HasMaxLength(2000);
        e.Property(x => x.ExamScore).HasPrecision(5, 1);
        e.Property(x => x.RowVersion).IsRowVersion();
    }
}

internal sealed class VillageWorkConfiguration :
    IEntityTypeConfiguration<Domain.Village.ObservationScore>, IEntityTypeConfiguration<Domain.Village.ObservationMonth>,
    IEntityTypeConfiguration<Domain.Village.DemonstrationSite>, IEntityTypeConfiguration<Domain.Village.Pairing>,
    IEntityTypeConfiguration<Domain.Village.PairingActivity>, IEntityTypeConfiguration<Domain.Village.CollectiveIncome>
{
    public void Configure(EntityTypeBuilder<Domain.Village.ObservationScore> e)
    {
        e.ToTable("observation_scores");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.Year, x.Month, x.BranchId }).IsUnique();
        e.HasOrgPath(indexed: false);
        foreach (var p in new[] { "Organization", "Team", "System", "Activities", "Premises", "Guarantees", "Total" })
            e.Property(p).HasPrecision(5, 1);
    }

    public void Configure(EntityTypeBuilder<Domain.Village.ObservationMonth> e)
    {
        e.ToTable("observation_months");
        e.HasKey(x => new { x.CountyId, x.Year, x.Month });
    }

    public void Configure(EntityTypeBuilder<Domain.Village.DemonstrationSite> e)
    {
        e.ToTable("demonstration_sites");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.BranchId, x.Year }).IsUnique();
        e.HasOrgPath();
        e.Property(x => x.Domain).HasConversion<string>().HasMaxLength(40);
        e.Property(x => x.Reason).HasMaxLength(2000);
    }

    public void Configure(EntityTypeBuilder<Domain.Village.Pairing> e)
    {
        e.ToTable("pairings");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.BranchId, x.PartnerBranchId }).IsUnique();
        e.HasOrgPath(indexed: false);
        e.Property(x => x.PartnerOrgPath).HasMaxLength(1000);
        e.Property(x => x.Purpose).HasMaxLength(2000);
    }

    public void Configure(EntityTypeBuilder<Domain.Village.PairingActivity> e)
    {
        e.ToTable("pairing_activities");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.PairingId, x.HeldOn });
        e.Property(x => x.Summary).HasMaxLength(5000);
    }

    public void Configure(EntityTypeBuilder<Domain.Village.CollectiveIncome> e)
    {
        e.ToTable("collective_incomes");
        e.HasKey(x => new { x.BranchId, x.Year });
        e.HasIndex(x => new { x.Year, x.OrgPath }).HasOperators(null!, "text_pattern_ops");
        e.HasOrgPath(indexed: false);
        e.Property(x => x.Amount).HasPrecision(16, 2);
    }
}

internal sealed class ReceivedHonorConfiguration : IEntityTypeConfiguration<ReceivedHonor>
{
    public void Configure(EntityTypeBuilder<ReceivedHonor> e)
    {
        e.ToTable("received_honors");
        e.HasKey(x => x.AwardId);
        e.Property(x => x.AwardId).ValueGeneratedNever();
        e.HasIndex(x => x.SubjectId);
        e.Property(x => x.HonorName).HasMaxLength(200);
        e.Property(x => x.Level).HasMaxLength(20);
        e.Property(x => x.SubjectKind).HasMaxLength(20);
        e.Property(x => x.RevokedReason).HasMaxLength(2000);
    }
}
