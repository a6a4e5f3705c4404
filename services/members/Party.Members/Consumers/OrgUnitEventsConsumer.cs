using Party.Members.Data;
using Party.Persistence.OrgUnits;

namespace Party.Members.Consumers;

/// <summary>Keeps this service's copy of the org tree (names, scope checks) from the branches service's events.</summary>
public sealed class OrgUnitEventsConsumer(MembersDbContext db, TimeProvider clock) : OrgUnitReplicaConsumer<MembersDbContext>(db, clock);
