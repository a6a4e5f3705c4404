using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Party.ServiceDefaults;

namespace Party.Persistence;

public static class Concurrency
{
    /// <summary>
    /// Makes SaveChanges check the row version the client last saw (its <c>If-Match</c>) instead of the one
    /// just loaded, so a stale write fails with 412. Entities carry the xmin version as <c>RowVersion</c>.
    /// </summary>
    public static void ApplyIfMatch(this DbContext db, object entity, HttpRequest request)
    {
        if (ETags.IfMatch(request) is { } seen) db.Entry(entity).Property("RowVersion").OriginalValue = seen;
    }
}
