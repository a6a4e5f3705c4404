using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Party.Members.Domain.Points;
using Party.Persistence.OrgUnits;

namespace Party.Members.Data.Configurations.Points;

public sealed class PointsRulesConfiguration : IEntityTypeConfiguration<PointsRules>
{
    public void Configure(EntityTypeBuilder<PointsRules> e)
    {
        e.ToTable("points_rules");
        e.HasKey(x => x.Id);
        e.HasIndex(x => x.EffectiveFrom).IsUnique();
        foreach (var p in new[] { nameof(PointsRules.ExcellentMin), nameof(PointsRules.QualifiedMin),
            nameof(PointsRules.BasicallyQualifiedMin),
                     nameof(PointsRules.AbsenceDeduction), nameof(PointsRules.HonorCounty), nameof(PointsRules.HonorCity),
                     nameof(PointsRules.HonorProvince),
                     nameof(PointsRules.HonorNational), nameof(PointsRules.WarningDeduction), nameof(PointsRules.SeriousWarningDeduction),
                     nameof(PointsRules.ActivistPriorityMin),
                     nameof(PointsRules.PledgeFulfilled), nameof(PointsRules.PledgePartly), nameof(PointsRules.PledgeNotFulfilled) })
            e.Property(p).HasPrecision(9, 2);
        e.Property(x => x.ExcellentShareCap).HasPrecision(5, 4);
        e.Property(x => x.ExcellentQuotaRounding).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.CreatedBy).HasMaxLength(200);
        e.Ignore(x => x.Thresholds);
        e.HasData(PointsRules.Defaults());
    }
}

internal static class PointsItemsJson
{
    public static void Items<T>(OwnedNavigationBuilder<T, PointsItem> b) where T : class
    {
        b.ToJson();
        b.Property(i => i.Kind).HasConversion<string>();
    }
}

public sealed class PointsTemplateConfiguration : IEntityTypeConfiguration<PointsTemplate>
{
    public void Configure(EntityTypeBuilder<PointsTemplate> e)
    {
        e.ToTable("points_templates");
        e.HasKey(x => x.Id);
        e.Property(x => x.Domain).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.Name).HasMaxLength(200);
        e.HasIndex(x => new { x.Domain, x.Year }).IsUnique();
        e.OwnsMany(x => x.Items, PointsItemsJson.Items);
        e.Property(x => x.RowVersion).IsRowVersion();
    }
}

public sealed class PointsSchemeConfiguration : IEntityTypeConfiguration<PointsScheme>
{
    public void Configure(EntityTypeBuilder<PointsScheme> e)
    {
        e.ToTable("points_schemes");
        e.HasKey(x => x.Id);
        e.HasOrgPath();
        e.Property(x => x.AdoptedBy).HasMaxLength(200);
        e.HasIndex(x => new { x.BranchId, x.Year }).IsUnique();
        e.OwnsMany(x => x.Items, PointsItemsJson.Items);
        e.Property(x => x.RowVersion).IsRowVersion();
    }
}

public sealed class PointsEntryConfiguration : IEntityTypeConfiguration<PointsEntry>
{
    public void Configure(EntityTypeBuilder<PointsEntry> e)
    {
        e.ToTable("points_entries");
        e.HasKey(x => x.Id);
        e.HasOrgPath();
        e.Property(x => x.ItemCode).HasMaxLength(50);
        e.Property(x => x.ItemName).HasMaxLength(200);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Source).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Points).HasPrecision(9, 2);
        e.Property(x => x.CapPerYear).HasPrecision(9, 2);
        e.Property(x => x.Witness).HasMaxLength(100);
        e.Property(x => x.Description).HasMaxLength(1000);
        e.Property(x => x.ReviewReason).HasMaxLength(500);
        e.Property(x => x.ReviewedBy).HasMaxLength(200);
        e.Property(x => x.CreatedBy).HasMaxLength(200);
        e.Property(x => x.OriginKey).HasMaxLength(200);
        e.HasIndex(x => x.OriginKey).IsUnique();
        // The close reads a branch's approved entries of one year; the ledger reads one member's.
        e.HasIndex(x => new { x.BranchId, x.Year, x.Status });
        // The year-end close reads every approved entry of each member it scores (YearEndClose.Scored): with the columns it
        // sums in the index, those reads are index-only instead of one heap page per entry, scattered over the year's table.
        e.HasIndex(x => new { x.MemberId, x.Year, x.Status })
            .IncludeProperties(x => new { x.Kind, x.ItemCode, x.Points, x.IsCorrection, x.CapPerYear });
        e.Property(x => x.RowVersion).IsRowVersion();
    }
}

public sealed class HalfYearReviewConfiguration : IEntityTypeConfiguration<HalfYearReview>
{
    public void Configure(EntityTypeBuilder<HalfYearReview> e)
    {
        e.ToTable("points_half_year_reviews");
        e.HasKey(x => x.Id);
        e.HasOrgPath(indexed: false);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.MeetingMinutes).HasMaxLength(2000);
        e.HasIndex(x => new { x.BranchId, x.Year, x.Half }).IsUnique();
        e.Property(x => x.RowVersion).IsRowVersion();
    }
}

public sealed class HalfYearTotalConfiguration : IEntityTypeConfiguration<HalfYearTotal>
{
    public void Configure(EntityTypeBuilder<HalfYearTotal> e)
    {
        e.ToTable("points_half_year_totals");
        e.HasKey(x => new { x.ReviewId, x.MemberId });
        foreach (var p in new[] { nameof(HalfYearTotal.Contribution), nameof(HalfYearTotal.Deduction), nameof(HalfYearTotal.BaseMet) })
            e.Property(p).HasPrecision(9, 2);
    }
}

public sealed class PointsAppealConfiguration : IEntityTypeConfiguration<PointsAppeal>
{
    public void Configure(EntityTypeBuilder<PointsAppeal> e)
    {
        e.ToTable("points_appeals");
        e.HasKey(x => x.Id);
        e.HasOrgPath(indexed: false);
        e.Property(x => x.Text).HasMaxLength(2000);
        e.Property(x => x.Answer).HasMaxLength(2000);
        e.Property(x => x.AnsweredBy).HasMaxLength(200);
        e.HasIndex(x => x.ReviewId);
    }
}

public sealed class AnnualAssessmentConfiguration : IEntityTypeConfiguration<AnnualAssessment>
{
    public void Configure(EntityTypeBuilder<AnnualAssessment> e)
    {
        e.ToTable("points_annual_assessments");
        e.HasKey(x => new { x.MemberId, x.Year });
        e.HasOrgPath();
        e.Property(x => x.MemberName).HasMaxLength(100);
        e.Property(x => x.Stage).HasMaxLength(20);
        e.Property(x => x.Grade).HasConversion<string>().HasMaxLength(20);
        foreach (var p in new[] { nameof(AnnualAssessment.BaseScore), nameof(AnnualAssessment.Contribution),
            nameof(AnnualAssessment.Deduction), nameof(AnnualAssessment.Score) })
            e.Property(p).HasPrecision(9, 2);
        e.HasIndex(x => new { x.BranchId, x.Year });
        // close_id has no index: nothing reads assessments by their close, and each index costs the year-end close an insert per member.
    }
}

public sealed class YearCloseConfiguration : IEntityTypeConfiguration<YearClose>
{
    public void Configure(EntityTypeBuilder<YearClose> e)
    {
        e.ToTable("points_year_closes");
        e.HasKey(x => x.Id);
        e.HasOrgPath();
        e.Property(x => x.ClosedBy).HasMaxLength(200);
        e.HasIndex(x => new { x.BranchId, x.Year }).IsUnique();
        e.HasIndex(x => x.BatchId);
    }
}

public sealed class FollowUpTaskConfiguration : IEntityTypeConfiguration<FollowUpTask>
{
    public void Configure(EntityTypeBuilder<FollowUpTask> e)
    {
        e.ToTable("points_follow_ups");
        e.HasKey(x => x.Id);
        e.HasOrgPath();
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Outcome).HasMaxLength(1000);
        e.Property(x => x.DoneBy).HasMaxLength(200);
        e.HasIndex(x => new { x.MemberId, x.Year, x.Kind }).IsUnique();
    }
}

public sealed class RevokedAwardConfiguration : IEntityTypeConfiguration<RevokedAward>
{
    public void Configure(EntityTypeBuilder<RevokedAward> e)
    {
        e.ToTable("points_revoked_awards");
        e.HasKey(x => x.AwardId);
    }
}
