using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Party.Members.Domain.Training;
using Party.Persistence.OrgUnits;

namespace Party.Members.Data.Configurations.Training;

public sealed class TrainingRecordConfiguration : IEntityTypeConfiguration<TrainingRecord>
{
    public void Configure(EntityTypeBuilder<TrainingRecord> e)
    {
        e.ToTable("training_records");
        e.HasKey(x => x.Id);
        e.HasOrgPath();
        e.Property(x => x.Kind).HasMaxLength(50);
        e.Property(x => x.Organizer).HasMaxLength(200);
        e.Property(x => x.CreatedBy).HasMaxLength(200);
        e.Property(x => x.Hours).HasPrecision(5, 1);
        e.HasIndex(x => new { x.SessionId, x.MemberId }).IsUnique();
        e.HasIndex(x => new { x.MemberId, x.TrainedOn });
    }
}
