using Party.Identity.Data;
using Party.Persistence.OrgUnits;

namespace Party.Identity.Consumers;

/// <summary>Keeps this service's copy of the org tree, against which every account's unit is checked.</summary>
public sealed class OrgUnitEventsConsumer(IdentityDbContext db, TimeProvider clock) : OrgUnitReplicaConsumer<IdentityDbContext>(db, clock);
