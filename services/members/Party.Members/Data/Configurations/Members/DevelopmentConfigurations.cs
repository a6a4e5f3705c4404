using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Party.Members.Domain.Development;
using Party.Members.Domain.Members;
using Party.Members.Domain.Sanctions;
using Party.Persistence.OrgUnits;

namespace Party.Members.Data.Configurations.Members;

public sealed class DevelopmentRecordConfiguration : IEntityTypeConfiguration<DevelopmentRecord>
{
    public void Configure(EntityTypeBuilder<DevelopmentRecord> e)
    {
        e.ToTable("development_records");
        e.HasKey(x => x.MemberId);
        e.HasOne<Member>().WithOne().HasForeignKey<DevelopmentRecord>(x => x.MemberId);
        e.Property(x => x.Recommendation).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.RecommendationNote).HasMaxLength(1000);
        e.Property(x => x.MemberAppraisal).HasMaxLength(2000);
        e.Property(x => x.PublicAppraisal).HasMaxLength(2000);
        e.Property(x => x.PoliticalReviewNote).HasMaxLength(2000);
    }
}

public sealed class IntroducerConfiguration : IEntityTypeConfiguration<Introducer>
{
    public void Configure(EntityTypeBuilder<Introducer> e)
    {
        e.ToTable("introducers");
        e.HasKey(x => new { x.MemberId, x.IntroducerId });
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.IntroducerId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DevelopmentVoteConfiguration : IEntityTypeConfiguration<DevelopmentVote>
{
    public void Configure(EntityTypeBuilder<DevelopmentVote> e)
    {
        e.ToTable("development_votes");
        e.HasKey(x => x.Id);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId);
        e.Property(x => x.Purpose).HasConversion<string>().HasMaxLength(30);
        e.HasIndex(x => new { x.MemberId, x.Purpose });
        e.Ignore(x => x.Counts);
    }
}

public sealed class PublicNoticeConfiguration : IEntityTypeConfiguration<PublicNotice>
{
    public void Configure(EntityTypeBuilder<PublicNotice> e)
    {
        e.ToTable("public_notices");
        e.HasKey(x => x.Id);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId);
        e.Property(x => x.Content).HasMaxLength(2000);
        e.HasMany(x => x.Objections).WithOne().HasForeignKey(x => x.NoticeId);
        e.HasIndex(x => x.MemberId);
    }
}

public sealed class NoticeObjectionConfiguration : IEntityTypeConfiguration<NoticeObjection>
{
    public void Configure(EntityTypeBuilder<NoticeObjection> e)
    {
        e.ToTable("notice_objections");
        e.HasKey(x => x.Id);
        e.Property(x => x.FiledBy).HasMaxLength(100);
        e.Property(x => x.Content).HasMaxLength(2000);
        e.Property(x => x.Resolution).HasMaxLength(2000);
        e.HasIndex(x => x.MemberId);
        e.Ignore(x => x.IsOpen);
    }
}

public sealed class SanctionConfiguration : IEntityTypeConfiguration<Sanction>
{
    public void Configure(EntityTypeBuilder<Sanction> e)
    {
        e.ToTable("sanctions");
        e.HasKey(x => x.Id);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        e.HasOrgPath();
        e.Property(x => x.DecisionNumber).HasMaxLength(100);
        e.Property(x => x.Reason).HasMaxLength(2000);
        e.Property(x => x.ReportedBy).HasMaxLength(200);
        e.Property(x => x.PointsDeduction).HasPrecision(9, 2);
        e.Property(x => x.IdempotencyKey).HasMaxLength(200);
        e.HasIndex(x => new { x.ReportedBy, x.IdempotencyKey }).IsUnique();
        // The natural key of a sanction: one decision (文号) per member, whichever key or client reports it.
        e.HasIndex(x => new { x.MemberId, x.DecisionNumber }).IsUnique();
        // The points area scans for sanctions it has not turned into proposed entries yet.
        e.HasIndex(x => x.ReportedAt).HasFilter("points_entry_proposed_at IS NULL").HasDatabaseName("ix_sanctions_points_pending");
    }
}

public sealed class MemberRuleSettingsConfiguration : IEntityTypeConfiguration<MemberRuleSettings>
{
    public void Configure(EntityTypeBuilder<MemberRuleSettings> e)
    {
        e.ToTable("member_rule_settings");
        e.HasKey(x => x.Id);
        e.HasIndex(x => x.EffectiveFrom).IsUnique();
        var d = MemberRuleSettings.Default;
        e.HasData(new MemberRuleSettings { Id = d.Id, EffectiveFrom = d.EffectiveFrom, PublicNoticeWorkingDays = d.PublicNoticeWorkingDays,
            LostContactMonths = d.LostContactMonths });
    }
}
