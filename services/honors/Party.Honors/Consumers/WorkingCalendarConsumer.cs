using Party.Honors.Data;
using Party.Persistence.Calendar;

namespace Party.Honors.Consumers;

/// <summary>Keeps this service's copy of the county working calendar (owned by members) for public notices.</summary>
public sealed class WorkingCalendarConsumer(HonorsDbContext db, TimeProvider clock)
    : WorkingCalendarReplicaConsumer<HonorsDbContext>(db, clock);
