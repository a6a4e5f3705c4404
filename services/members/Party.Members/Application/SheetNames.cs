using Microsoft.EntityFrameworkCore;
using Party.Members.Data;
using Party.Members.Domain.Members;

namespace Party.Members.Application;

/// <summary>A record with the names a clerk's sheet shows instead of its ids.</summary>
public sealed class Named<T>
{
    public required T Row { get; init; }
    public required string MemberName { get; init; }
    public required string BranchName { get; init; }
}

public static class SheetNames
{
    /// <summary>
    /// Each record with its member's and branch's names, in the same query (a name that is gone reads as empty). Order and take
    /// after this, by <c>Row</c>.
    /// </summary>
    public static IQueryable<Named<T>> WithNames<T>(this IQueryable<T> rows, MembersDbContext db) where T : class, IMemberRecord =>
        from r in rows
        join m in db.Set<Member>().AsNoTracking() on r.MemberId equals m.Id into members
        from m in members.DefaultIfEmpty()
        join u in db.OrgUnits.AsNoTracking() on r.BranchId equals u.Id into units
        from u in units.DefaultIfEmpty()
        select new Named<T> { Row = r, MemberName = m == null ? "" : m.Name, BranchName = u == null ? "" : u.Name };
}
