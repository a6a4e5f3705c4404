using Party.Honors.Data;
using Party.Persistence.OrgUnits;

namespace Party.Honors.Consumers;

/// <summary>Keeps this service's copy of the org tree (names, scope checks) from the branches service's events.</summary>
public sealed class OrgUnitEventsConsumer(HonorsDbContext db, TimeProvider clock) : OrgUnitReplicaConsumer<HonorsDbContext>(db, clock);
