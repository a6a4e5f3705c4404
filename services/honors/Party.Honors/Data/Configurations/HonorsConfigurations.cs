using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.ModelDatabase;
using Party.Honors.Domain.Nominations;
using Party.Honors.Domain.Subjects;
using Party.Persistence.OrgUnits;

namespace Party.Honors.Data.Configurations;

internal static class Conventions
{
    /// <summary>Enums are stored by name so the tables read well and reordering an enum cannot change data.</summary>
    public static PropertyBuilder<TEnum> AsText<TEnum>(this PropertyBuilder<TEnum> p) => p.HasConversion<string>().HasMaxLength(40);
    public static PropertyBuilder<TEnum?> AsText<TEnum>(this PropertyBuilder<TEnum?> p) where TEnum : struct =>
        p.HasConversion<string>().HasMaxLength(40);
}

internal sealed class HonorTypeConfiguration : IEntityTypeConfiguration<HonorType>
{
    public void Configure(EntityTypeBuilder<HonorType> e)
    {
        e.ToTable("honor_types");
        e.HasKey(x => x.Code);
        e.Property(x => x.Code).HasMaxLength(60);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.SubjectKind).AsText();
        e.Property(x => x.Level).AsText();
        e.Property(x => x.Rule).AsText();
        e.PrimitiveCollection(x => x.RequiredReviewers).ElementType().HasConversion<string>();
        e.HasData(Catalog.Seed);
    }
}

internal sealed class ReviewingClientConfiguration : IEntityTypeConfiguration<ReviewingClient>
{
    public void Configure(EntityTypeBuilder<ReviewingClient> e)
    {
        e.ToTable("reviewing_clients");
        e.HasKey(x => x.Subject);
        e.Property(x => x.Subject).HasMaxLength(200);
        e.Property(x => x.Unit).AsText();
        e.HasData(Catalog.SeedClients);
    }
}

internal sealed class HonorSettingsConfiguration : IEntityTypeConfiguration<HonorSettings>
{
    public void Configure(EntityTypeBuilder<HonorSettings> e)
    {
        e.ToTable("honor_settings");
        e.HasKey(x => x.Id);
        e.HasIndex(x => x.EffectiveFrom).IsUnique();
        e.HasData(HonorSettings.Default);
    }
}

internal sealed class FactConfigurations : IEntityTypeConfiguration<MemberFact>, IEntityTypeConfiguration<MemberGrade>,
    IEntityTypeConfiguration<MemberMark>, IEntityTypeConfiguration<BranchRating>, IEntityTypeConfiguration<CadreMonth>,
    IEntityTypeConfiguration<CadreViolation>
{
    public void Configure(EntityTypeBuilder<MemberFact> e)
    {
        e.ToTable("member_facts");
        e.HasKey(x => x.MemberId);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Stage).HasMaxLength(40);
        e.Property(x => x.Status).HasMaxLength(40);
    }

    public void Configure(EntityTypeBuilder<MemberGrade> e)
    {
        e.ToTable("member_grades");
        e.HasKey(x => new { x.MemberId, x.Year });
        e.Property(x => x.Grade).HasMaxLength(40);
    }

    public void Configure(EntityTypeBuilder<MemberMark> e)
    {
        e.ToTable("member_marks");
        e.HasKey(x => x.Id);
        e.Property(x => x.Kind).AsText();
        e.Property(x => x.Detail).HasMaxLength(1000);
        e.HasIndex(x => new { x.MemberId, x.Year });
    }

    public void Configure(EntityTypeBuilder<BranchRating> e)
    {
        e.ToTable("branch_ratings");
        e.HasKey(x => new { x.BranchId, x.Year });
        e.HasIndex(x => x.SecretaryMemberId);
    }

    public void Configure(EntityTypeBuilder<CadreMonth> e)
    {
        e.ToTable("cadre_months");
        // A month split by a move between townships has a line from each township's close.
        e.HasKey(x => new { x.CadreId, x.Year, x.Month, x.TownshipId });
        e.Property(x => x.CadreName).HasMaxLength(100);
    }

    public void Configure(EntityTypeBuilder<CadreViolation> e)
    {
        e.ToTable("cadre_violations");
        e.HasKey(x => x.ViolationId);
        e.Property(x => x.Kind).HasMaxLength(40);
        e.HasIndex(x => new { x.CadreId, x.Day });
    }
}

internal sealed class WorkflowConfigurations : IEntityTypeConfiguration<Nomination>, IEntityTypeConfiguration<ReviewOpinion>,
    IEntityTypeConfiguration<NoticeObjection>
{
    public void Configure(EntityTypeBuilder<Nomination> e)
    {
        e.ToTable("nominations");
        e.HasKey(x => x.Id);
        e.Property(x => x.HonorTypeCode).HasMaxLength(60);
        e.Property(x => x.Level).AsText();
        e.Property(x => x.SubjectKind).AsText();
        e.Property(x => x.Status).AsText();
        e.Property(x => x.SubjectName).HasMaxLength(200);
        e.HasOrgPath();
        e.Property(x => x.Deeds).HasMaxLength(4000);
        e.Property(x => x.NominatedBy).HasMaxLength(200);
        e.Property(x => x.Batch).HasMaxLength(100);
        e.Property(x => x.BusinessLicence).HasMaxLength(100);
        e.PrimitiveCollection(x => x.LeadsMet).ElementType().HasConversion<string>();
        e.Property(x => x.RowVersion).IsRowVersion();
        e.HasIndex(x => new { x.SubjectId, x.HonorTypeCode, x.Year });
        e.HasOne<HonorType>().WithMany().HasForeignKey(x => x.HonorTypeCode);
    }

    public void Configure(EntityTypeBuilder<ReviewOpinion> e)
    {
        e.ToTable("review_opinions");
        e.HasKey(x => x.Id);
        e.Property(x => x.Unit).AsText();
        e.Property(x => x.Verdict).AsText();
        e.Property(x => x.Comment).HasMaxLength(2000);
        e.Property(x => x.GivenBy).HasMaxLength(200);
        e.HasIndex(x => new { x.NominationId, x.Unit, x.GivenAt });
        e.HasOne<Nomination>().WithMany().HasForeignKey(x => x.NominationId);
    }

    public void Configure(EntityTypeBuilder<NoticeObjection> e)
    {
        e.ToTable("notice_objections");
        e.HasKey(x => x.Id);
        e.Property(x => x.Content).HasMaxLength(2000);
        e.Property(x => x.FiledBy).HasMaxLength(200);
        e.Property(x => x.Resolution).HasMaxLength(2000);
        e.HasIndex(x => x.NominationId);
        e.HasOne<Nomination>().WithMany().HasForeignKey(x => x.NominationId);
    }
}

internal sealed class ModelDatabaseConfigurations : IEntityTypeConfiguration<Award>, IEntityTypeConfiguration<ModelProfile>,
    IEntityTypeConfiguration<AwardReReview>, IEntityTypeConfiguration<FollowUpVisit>
{
    public void Configure(EntityTypeBuilder<Award> e)
    {
        e.ToTable("awards");
        e.HasKey(x => x.Id);
        e.Property(x => x.HonorTypeCode).HasMaxLength(60);
        e.Property(x => x.HonorName).HasMaxLength(200);
        e.Property(x => x.SubjectName).HasMaxLength(200);
        e.Property(x => x.Level).AsText();
        e.Property(x => x.SubjectKind).AsText();
        e.Property(x => x.Status).AsText();
        e.HasOrgPath();
        e.Property(x => x.Batch).HasMaxLength(100);
        e.Property(x => x.Issuer).HasMaxLength(200);
        e.Property(x => x.RevocationReason).HasMaxLength(1000);
        e.Property(x => x.RowVersion).IsRowVersion();
        // The honor roll reads by path prefix and year.
        e.HasIndex(x => x.SubjectId);
        e.HasIndex(x => x.NominationId).IsUnique();
    }

    public void Configure(EntityTypeBuilder<ModelProfile> e)
    {
        e.ToTable("model_profiles");
        e.HasKey(x => x.Id);
        e.Property(x => x.SubjectKind).AsText();
        e.Property(x => x.Name).HasMaxLength(200);
        e.HasOrgPath();
        e.Property(x => x.Deeds).HasMaxLength(8000);
        e.Property(x => x.DeedsSummary).HasMaxLength(500);
        e.Property(x => x.PhotoUrl).HasMaxLength(1000);
        e.Property(x => x.RowVersion).IsRowVersion();
    }

    public void Configure(EntityTypeBuilder<AwardReReview> e)
    {
        e.ToTable("award_re_reviews");
        e.HasKey(x => x.Id);
        e.Property(x => x.Outcome).AsText();
        e.Property(x => x.Reason).HasMaxLength(1000);
        e.Property(x => x.ReviewedBy).HasMaxLength(200);
        // One re-review per award per year.
        e.HasIndex(x => new { x.AwardId, x.Year }).IsUnique();
        e.HasOne<Award>().WithMany().HasForeignKey(x => x.AwardId);
    }

    public void Configure(EntityTypeBuilder<FollowUpVisit> e)
    {
        e.ToTable("follow_up_visits");
        e.HasKey(x => x.Id);
        e.Property(x => x.Visitor).HasMaxLength(200);
        e.Property(x => x.Notes).HasMaxLength(4000);
        e.Property(x => x.RecordedBy).HasMaxLength(200);
        e.HasIndex(x => x.ProfileId);
        e.HasOne<ModelProfile>().WithMany().HasForeignKey(x => x.ProfileId);
    }
}
