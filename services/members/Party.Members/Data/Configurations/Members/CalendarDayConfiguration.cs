using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Party.Members.Domain.Calendar;
using Party.Persistence.OrgUnits;

namespace Party.Members.Data.Configurations.Members;

public sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> e)
    {
        e.ToTable("calendar_days");
        e.HasKey(x => x.Id);
        e.HasOrgPath(indexed: false);
        e.Property(x => x.Name).HasMaxLength(50);
        e.Property(x => x.UpdatedBy).HasMaxLength(200);
        e.HasIndex(x => new { x.UnitId, x.Day }).IsUnique();
        e.HasIndex(x => x.Day);
        // Two concurrent changes of one day must not publish the same version: the second is refused as stale.
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}
