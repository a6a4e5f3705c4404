using Microsoft.EntityFrameworkCore;
using Party.ServiceDefaults.Scope;

namespace Party.Branches.Data;

public sealed class OrgUnitPaths(BranchesDbContext db) : IOrgUnitPaths
{
    public Task<string?> PathOfAsync(Guid orgUnitId, CancellationToken ct) =>
        db.OrgUnits.AsNoTracking().Where(u => u.Id == orgUnitId).Select(u => u.Path).FirstOrDefaultAsync(ct);
}
