using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Party.Members.Domain.RuralDuties;
using Party.Persistence.OrgUnits;

namespace Party.Members.Data.Configurations.RuralDuties;

public sealed class RuralDutySettingsConfiguration : IEntityTypeConfiguration<RuralDutySettings>
{
    public void Configure(EntityTypeBuilder<RuralDutySettings> e)
    {
        e.ToTable("rural_duty_settings");
        e.HasKey(x => x.Id);
        e.HasIndex(x => x.EffectiveFrom).IsUnique();
        e.HasData(RuralDutySettings.Defaults());
    }
}

public sealed class PostAssignmentConfiguration : IEntityTypeConfiguration<PostAssignment>
{
    public void Configure(EntityTypeBuilder<PostAssignment> e)
    {
        e.ToTable("rural_post_assignments");
        e.HasKey(x => x.Id);
        e.HasOrgPath();
        e.Property(x => x.Post).HasConversion<string>().HasMaxLength(40);
        e.Property(x => x.Duties).HasMaxLength(2000);
        e.HasIndex(x => new { x.MemberId, x.Year }).IsUnique();
    }
}

public sealed class MobileMemberContactConfiguration : IEntityTypeConfiguration<MobileMemberContact>
{
    public void Configure(EntityTypeBuilder<MobileMemberContact> e)
    {
        e.ToTable("rural_mobile_contacts");
        e.HasKey(x => x.MemberId);
        e.HasOrgPath();
        e.Property(x => x.ContactCadre).HasMaxLength(100);
        e.Property(x => x.ContactCadreMobile).HasMaxLength(11);
        e.Property(x => x.Destination).HasMaxLength(200);
        e.Property(x => x.Employer).HasMaxLength(200);
        e.Property(x => x.ContactPhone).HasMaxLength(20);
        e.Property(x => x.RowVersion).IsRowVersion();
    }
}

public sealed class ThoughtReportConfiguration : IEntityTypeConfiguration<ThoughtReport>
{
    public void Configure(EntityTypeBuilder<ThoughtReport> e)
    {
        e.ToTable("rural_thought_reports");
        e.HasKey(x => x.Id);
        e.HasOrgPath(indexed: false);
        e.Property(x => x.Summary).HasMaxLength(2000);
        e.HasIndex(x => new { x.MemberId, x.ReceivedOn });
    }
}

public sealed class VisitRecordConfiguration : IEntityTypeConfiguration<VisitRecord>
{
    public void Configure(EntityTypeBuilder<VisitRecord> e)
    {
        e.ToTable("rural_visits");
        e.HasKey(x => x.Id);
        e.HasOrgPath(indexed: false);
        e.Property(x => x.Visitor).HasMaxLength(100);
        e.Property(x => x.Notes).HasMaxLength(2000);
        e.HasIndex(x => new { x.MemberId, x.VisitedOn });
    }
}
