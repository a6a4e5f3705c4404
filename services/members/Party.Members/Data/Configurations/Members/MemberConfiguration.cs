using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Party.Members.Domain.Members;
using Party.Persistence.OrgUnits;

namespace Party.Members.Data.Configurations.Members;

public sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> e)
    {
        e.ToTable("members");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Ethnicity).HasMaxLength(30);
        e.Property(x => x.CitizenId).HasMaxLength(18);
        e.Property(x => x.Education).HasMaxLength(50);
        e.Property(x => x.Mobile).HasMaxLength(11);
        e.HasOrgPath();
        e.Property(x => x.NativePlace).HasMaxLength(100);
        e.Property(x => x.WorkUnit).HasMaxLength(200);
        e.Property(x => x.Notes).HasMaxLength(2000);
        e.Property(x => x.Sex).HasConversion<string>().HasMaxLength(10);
        e.Property(x => x.Stage).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.RuralCategory).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.RowVersion).IsRowVersion();
        // One record per person: the same citizen ID cannot be entered twice.
        e.HasIndex(x => x.CitizenId).IsUnique();
        e.HasIndex(x => x.BranchId);
        e.HasIndex(x => x.Name);
    }
}

public sealed class DuesPaymentConfiguration : IEntityTypeConfiguration<DuesPayment>
{
    public void Configure(EntityTypeBuilder<DuesPayment> e)
    {
        e.ToTable("dues_payments");
        e.HasKey(x => x.Id);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId);
        e.HasOrgPath(indexed: false);
        e.Property(x => x.Amount).HasPrecision(12, 2);
        e.Property(x => x.Note).HasMaxLength(500);
        e.Property(x => x.RecordedBy).HasMaxLength(200);
        e.HasIndex(x => new { x.MemberId, x.PaidOn });
    }
}

public sealed class LostContactRunConfiguration : IEntityTypeConfiguration<LostContactRun>
{
    public void Configure(EntityTypeBuilder<LostContactRun> e)
    {
        e.ToTable("lost_contact_runs");
        e.HasKey(x => x.Day);
    }
}
