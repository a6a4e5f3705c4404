using Microsoft.EntityFrameworkCore;
using Party.Honors.Data;
using Party.Honors.Domain.Subjects;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.Honors.Apis;

internal static class ApiSupport
{
    /// <summary>Party committees nominate (SPEC §6.3): the county and the townships.</summary>
    public static readonly string[] Committees = [PartyRoles.County, PartyRoles.Township, PartyRoles.Operator];
    public static readonly string[] County = [PartyRoles.County, PartyRoles.Operator];

    /// <summary>A refusal that lists every reason, each under its own code in <c>errors</c>.</summary>
    public static DomainException Refuse(string code, string lead, IReadOnlyList<IneligibilityReason> reasons, int status = 422) =>
        new(code, lead + string.Join("；", reasons.Select(r => r.Detail)), status,
            reasons.GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.Select(r => r.Detail).ToArray()));

    /// <summary>Saves; a concurrent change to the same row (xmin) becomes a 409 the caller can retry after re-reading.</summary>
    public static async Task SaveAsync(this HonorsDbContext db, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("honors.concurrent_change", "该记录刚被他人修改，请刷新后重试。");
        }
    }

    public static string? Trimmed(this string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
