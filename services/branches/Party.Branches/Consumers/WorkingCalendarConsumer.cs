using Party.Branches.Data;
using Party.Persistence.Calendar;

namespace Party.Branches.Consumers;

/// <summary>Keeps this service's copy of the county working calendar (owned by members) for public notices.</summary>
public sealed class WorkingCalendarConsumer(BranchesDbContext db, TimeProvider clock)
    : WorkingCalendarReplicaConsumer<BranchesDbContext>(db, clock);
