using MassTransit;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Contracts.Members;
using Party.Messaging;
using Party.Messaging.Inbox;

namespace Party.Persistence.Calendar;

/// <summary>
/// A service's copy of one day of a county working calendar (节假日安排), kept from the members service's
/// <see cref="WorkingCalendarDayChanged"/> events. A withdrawn day stays as a row (nothing is deleted) and is ignored.
/// </summary>
public sealed class CalendarDayReplica
{
    public Guid UnitId { get; set; }
    public DateOnly Day { get; set; }
    public required string UnitPath { get; set; }
    public bool IsWorkingDay { get; set; }
    public required string Name { get; set; }
    public bool Withdrawn { get; set; }
    public long Version { get; set; }
}

public interface IWorkingCalendarReplicaDbContext : IMessagingDbContext
{
    DbSet<CalendarDayReplica> CalendarDays { get; }
}

/// <summary>The public-notice window (公示期) of a notice published on a day.</summary>
public sealed record NoticeWindow(DateOnly StartsOn, DateOnly EndsOn);

public static class WorkingCalendarReplica
{
    public static ModelBuilder AddWorkingCalendarReplica(this ModelBuilder model)
    {
        model.Entity<CalendarDayReplica>(e =>
        {
            e.ToTable("calendar_days");
            e.HasKey(x => new { x.UnitId, x.Day });
            e.Property(x => x.UnitPath).HasMaxLength(1000);
            e.Property(x => x.Name).HasMaxLength(50);
            e.HasIndex(x => x.Day);
        });
        return model;
    }

    /// <summary>
    /// Applies the event unless a newer version of the day is already here; one upsert, so concurrent deliveries cannot collide.
    /// </summary>
    public static Task ApplyAsync(this IWorkingCalendarReplicaDbContext db, WorkingCalendarDayChanged m, CancellationToken ct) =>
        ((DbContext)db).Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO calendar_days (unit_id, day, unit_path, is_working_day, name, withdrawn, version)
            VALUES ({m.UnitId}, {m.Day}, {m.UnitPath}, {m.IsWorkingDay}, {m.Name}, {m.Withdrawn}, {m.Version})
            ON CONFLICT (unit_id, day) DO UPDATE SET
                unit_path = excluded.unit_path, is_working_day = excluded.is_working_day, name = excluded.name,
                withdrawn = excluded.withdrawn, version = excluded.version
            WHERE excluded.version > calendar_days.version
            """, ct);

    /// <summary>
    /// The calendar that applies at <paramref name="orgPath"/> from <paramref name="from"/> to <paramref name="to"/>: days set for
    /// the unit or any unit above it and not withdrawn; where two set the same day, the nearer (longer path) decides — as in members.
    /// </summary>
    public static async Task<IReadOnlyDictionary<DateOnly, bool>> WorkingCalendarAsync(this IWorkingCalendarReplicaDbContext db,
        string orgPath, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var days = await db.CalendarDays.AsNoTracking()
            .Where(c => !c.Withdrawn && c.Day >= from && c.Day <= to && orgPath.StartsWith(c.UnitPath))
            .Select(c => new { c.Day, c.IsWorkingDay, c.UnitPath })
            .ToListAsync(ct);
        return days.GroupBy(d => d.Day).ToDictionary(g => g.Key, g => g.OrderByDescending(d => d.UnitPath.Length).First().IsWorkingDay);
    }

    /// <summary>
    /// The notice published on <paramref name="publishedOn"/> for a unit at <paramref name="orgPath"/>, by
    /// <see cref="WorkingDays.Notice"/>.
    /// </summary>
    public static async Task<NoticeWindow> NoticeAsync(this IWorkingCalendarReplicaDbContext db, string orgPath, DateOnly publishedOn,
        int workingDays, CancellationToken ct)
    {
        var calendar = await db.WorkingCalendarAsync(orgPath, publishedOn, publishedOn.AddDays(WorkingDays.Horizon(workingDays)), ct);
        var (starts, ends) = WorkingDays.Notice(publishedOn, workingDays, calendar);
        return new NoticeWindow(starts, ends);
    }
}

/// <summary>Keeps the replica; each service derives a concrete class so MassTransit names the queue after it.</summary>
public abstract class WorkingCalendarReplicaConsumer<TDb>(TDb db, TimeProvider clock) : IConsumer<WorkingCalendarDayChanged>
    where TDb : DbContext, IWorkingCalendarReplicaDbContext
{
    public Task Consume(ConsumeContext<WorkingCalendarDayChanged> context) =>
        Inbox.HandleOnceAsync(db, context, "working-calendar-replica", clock, ct => db.ApplyAsync(context.Message, ct));
}
