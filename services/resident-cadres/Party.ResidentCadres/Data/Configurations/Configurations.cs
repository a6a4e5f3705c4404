using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
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

namespace Party.ResidentCadres.Data.Configurations;

// Enums are stored by name so the set-based SQL (Data/AttendanceSql.cs) reads like the code.

internal sealed class RuleSettingConfiguration : IEntityTypeConfiguration<RuleSetting>
{
    public void Configure(EntityTypeBuilder<RuleSetting> e)
    {
        e.ToTable("rule_settings");
        e.HasKey(x => new { x.Key, x.EffectiveFrom });
        e.Property(x => x.Key).HasMaxLength(80);
        e.Property(x => x.Value).HasPrecision(14, 2);
        e.Property(x => x.CreatedBy).HasMaxLength(200);
        e.HasData(RuleKeys.Defaults.Select(d => new RuleSetting
        {
            Key = d.Key, EffectiveFrom = RuleKeys.DefaultsFrom, Value = d.Value,
            CreatedAt = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), CreatedBy = "seed",
        }));
    }
}

internal sealed class VillageProfileConfiguration : IEntityTypeConfiguration<VillageProfile>
{
    public void Configure(EntityTypeBuilder<VillageProfile> e)
    {
        e.ToTable("village_profiles");
        e.HasKey(x => x.VillageId);
        e.Property(x => x.VillageId).ValueGeneratedNever();
        e.HasOrgPath();
        e.Property(x => x.PovertyIncidencePercent).HasPrecision(5, 2);
        e.Property(x => x.Requirement).HasConversion<string>().HasMaxLength(40);
        e.Property(x => x.RowVersion).IsRowVersion();
    }
}

internal sealed class PovertyReportConfiguration : IEntityTypeConfiguration<PovertyReport>
{
    public void Configure(EntityTypeBuilder<PovertyReport> e)
    {
        e.ToTable("poverty_reports");
        // The natural key: one report per village and year; a concurrent duplicate fails here.
        e.HasKey(x => new { x.VillageId, x.Year });
        e.Property(x => x.PovertyIncidencePercent).HasPrecision(5, 2);
        e.Property(x => x.ReportedBy).HasMaxLength(200);
    }
}

internal sealed class CadreConfiguration : IEntityTypeConfiguration<Cadre>
{
    public void Configure(EntityTypeBuilder<Cadre> e)
    {
        e.ToTable("cadres");
        e.HasKey(x => x.Id);
        e.Property(x => x.UserId).HasMaxLength(200);
        e.HasIndex(x => x.UserId).IsUnique();
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Mobile).HasMaxLength(20);
        e.Property(x => x.DispatchingUnit).HasMaxLength(200);
        e.HasOrgPath();
        e.Property(x => x.RowVersion).IsRowVersion();
    }
}

internal sealed class AssignmentConfiguration : IEntityTypeConfiguration<Assignment>
{
    public void Configure(EntityTypeBuilder<Assignment> e)
    {
        e.ToTable("assignments");
        e.HasKey(x => x.Id);
        e.HasOrgPath();
        e.Property(x => x.Role).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.EndReason).HasMaxLength(500);
        // One open assignment per cadre, enforced by the database even under concurrent requests.
        e.HasIndex(x => x.CadreId).IsUnique().HasFilter("NOT ended").HasDatabaseName("ux_assignments_one_open_per_cadre");
        e.HasIndex(x => new { x.CadreId, x.StartsOn });
        e.HasIndex(x => x.VillageId);
        e.HasOne<Cadre>().WithMany().HasForeignKey(x => x.CadreId);
    }
}

internal sealed class CheckInConfiguration : IEntityTypeConfiguration<CheckIn>
{
    public void Configure(EntityTypeBuilder<CheckIn> e)
    {
        e.ToTable("check_ins");
        e.HasKey(x => x.Id);
        // The idempotency key of a check-in: one per cadre per local day (INSERT … ON CONFLICT DO NOTHING).
        e.HasIndex(x => new { x.CadreId, x.Day }).IsUnique();
        e.HasIndex(x => new { x.Day, x.DeviceId });
        e.HasOrgPath(indexed: false);
        e.HasIndex(x => new { x.OrgPath, x.Day }).HasOperators("text_pattern_ops", "date_ops");
        e.Property(x => x.DeviceId).HasMaxLength(200);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.ReviewNote).HasMaxLength(500);
    }
}

internal sealed class LeaveConfiguration : IEntityTypeConfiguration<Leave>
{
    public void Configure(EntityTypeBuilder<Leave> e)
    {
        e.ToTable("leaves");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.CadreId, x.FromDay });
        e.HasOrgPath();
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Reason).HasMaxLength(500);
        e.Property(x => x.RowVersion).IsRowVersion();
    }
}

internal sealed class ErrandConfiguration : IEntityTypeConfiguration<Errand>
{
    public void Configure(EntityTypeBuilder<Errand> e)
    {
        e.ToTable("errands");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.CadreId, x.FromDay });
        e.HasOrgPath();
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Purpose).HasMaxLength(500);
        e.Property(x => x.RowVersion).IsRowVersion();
    }
}

internal sealed class SpotCheckConfiguration : IEntityTypeConfiguration<SpotCheck>
{
    public void Configure(EntityTypeBuilder<SpotCheck> e)
    {
        e.ToTable("spot_checks");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.CadreId, x.Day });
        e.HasOrgPath();
        e.Property(x => x.Method).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Note).HasMaxLength(1000);
        e.Property(x => x.CheckedBy).HasMaxLength(200);
    }
}

internal sealed class ViolationConfiguration : IEntityTypeConfiguration<Violation>
{
    public void Configure(EntityTypeBuilder<Violation> e)
    {
        e.ToTable("violations");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.CadreId, x.Day });
        e.HasOrgPath();
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Detail).HasMaxLength(1000);
    }
}

internal sealed class MonthCloseConfiguration : IEntityTypeConfiguration<MonthClose>
{
    public void Configure(EntityTypeBuilder<MonthClose> e)
    {
        e.ToTable("month_closes");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.TownshipId, x.Year, x.Month }).IsUnique();
        e.HasOrgPath(indexed: false);
        e.Property(x => x.ClosedBy).HasMaxLength(200);
    }
}

internal sealed class AttendanceMonthConfiguration : IEntityTypeConfiguration<AttendanceMonth>
{
    public void Configure(EntityTypeBuilder<AttendanceMonth> e)
    {
        e.ToTable("attendance_months");
        e.HasKey(x => new { x.CloseId, x.CadreId });
        // Not unique: a cadre who moved township mid-month has a line in each township's close, each for its own days.
        e.HasIndex(x => new { x.CadreId, x.Year, x.Month });
        e.HasOrgPath();
    }
}

internal sealed class StipendStatementConfiguration : IEntityTypeConfiguration<StipendStatement>
{
    public void Configure(EntityTypeBuilder<StipendStatement> e)
    {
        e.ToTable("stipend_statements");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.CloseId, x.Status });
        e.HasIndex(x => new { x.CadreId, x.Year, x.Month });
        e.HasIndex(x => x.Status);
        e.HasOrgPath();
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        foreach (var p in new[]
                 {
                     nameof(StipendStatement.Living), nameof(StipendStatement.Transport), nameof(StipendStatement.Communication),
                     nameof(StipendStatement.Total),
                 })
            e.Property(p).HasPrecision(14, 2);
        e.Property(x => x.PaymentReference).HasMaxLength(200);
        // The payment-due check only ever looks at approved statements not yet announced.
        e.HasIndex(x => x.PaymentDueOn).HasFilter("status = 'Approved' AND payment_due_notified_at IS NULL")
            .HasDatabaseName("ix_stipend_statements_payment_due");
    }
}

internal sealed class FundLedgerEntryConfiguration : IEntityTypeConfiguration<FundLedgerEntry>
{
    public void Configure(EntityTypeBuilder<FundLedgerEntry> e)
    {
        e.ToTable("fund_ledger");
        e.HasKey(x => x.Id);
        e.HasOrgPath();
        e.Property(x => x.Fund).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Amount).HasPrecision(14, 2);
        e.Property(x => x.Note).HasMaxLength(500);
        // A year's allocation is made once per cadre and fund, however often the allocation runs.
        e.HasIndex(x => new { x.CadreId, x.Fund, x.Year }).IsUnique().HasFilter("kind = 'Allocation'")
            .HasDatabaseName("ux_fund_ledger_one_allocation");
    }
}

internal sealed class WeeklyCircularConfiguration : IEntityTypeConfiguration<WeeklyCircular>
{
    public void Configure(EntityTypeBuilder<WeeklyCircular> e)
    {
        e.ToTable("weekly_circulars");
        e.HasKey(x => x.WeekStart);
    }
}

internal sealed class WeeklyCircularLineConfiguration : IEntityTypeConfiguration<WeeklyCircularLine>
{
    public void Configure(EntityTypeBuilder<WeeklyCircularLine> e)
    {
        e.ToTable("weekly_circular_lines");
        e.HasKey(x => new { x.WeekStart, x.CadreId });
        e.Property(x => x.CadreName).HasMaxLength(100);
        e.HasOrgPath(indexed: false);
        e.HasIndex(x => new { x.WeekStart, x.OrgPath }).HasOperators("date_ops", "text_pattern_ops");
    }
}

internal sealed class StarNominationConfiguration : IEntityTypeConfiguration<StarNomination>
{
    public void Configure(EntityTypeBuilder<StarNomination> e)
    {
        e.ToTable("star_nominations");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.CadreId, x.Year, x.Month }).IsUnique();
        e.HasIndex(x => new { x.Year, x.Month, x.Status });
        e.HasOrgPath();
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Reason).HasMaxLength(1000);
    }
}
