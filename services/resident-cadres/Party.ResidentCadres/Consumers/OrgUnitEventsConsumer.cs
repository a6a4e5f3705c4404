using Party.Persistence.OrgUnits;
using Party.ResidentCadres.Data;

namespace Party.ResidentCadres.Consumers;

/// <summary>Keeps this service's copy of the org tree (names, scope checks) from the branches service's events.</summary>
public sealed class OrgUnitEventsConsumer(ResidentCadresDbContext db, TimeProvider clock)
    : OrgUnitReplicaConsumer<ResidentCadresDbContext>(db, clock);
