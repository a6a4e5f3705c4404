using Microsoft.EntityFrameworkCore;
using Party.Honors.Apis;
using Party.Honors.Data;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.Nominations;
using Party.ServiceDefaults.Problems;

namespace Party.Honors.Application;

/// <summary>A nomination as the caller may see it: found within the caller's subtree, answered with its opinions and objections.</summary>
public static class NominationViews
{
    /// <summary>The nomination, tracked; one outside the caller's subtree is "not found".</summary>
    public static async Task<Nomination> FindAsync(HonorsServices services, Guid id, CancellationToken ct)
    {
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        return await services.Db.Nominations.FirstOrDefaultAsync(n => n.Id == id && n.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("nominations");
    }

    public static async Task<NominationResponse> LoadAsync(HonorsDbContext db, Nomination n, CancellationToken ct)
    {
        var required = await RequiredReviewersAsync(db, n, ct);
        var opinions = await db.ReviewOpinions.AsNoTracking().Where(o => o.NominationId == n.Id).OrderBy(o => o.GivenAt).ToListAsync(ct);
        var objections = await db.NoticeObjections.AsNoTracking().Where(o => o.NominationId == n.Id).OrderBy(o => o.FiledAt)
            .ToListAsync(ct);
        var given = opinions.Select(o => o.Unit).ToHashSet();
        return new NominationResponse(n.Id, n.HonorTypeCode, n.Level, n.Year, n.Month, n.SubjectKind, n.SubjectId, n.SubjectName,
            n.OrgUnitId, n.Deeds, n.Status, n.NominatedBy, n.NominatedAt, n.NoticeStartsOn, n.NoticeEndsOn, n.RejectionReason, n.Batch,
            n.AwardId, n.OwnerMemberId, n.BusinessLicence, n.OpenedOn, n.LeadsMet, required,
            required.Where(u => !given.Contains(u)).ToList(),
            opinions.Select(o => new OpinionResponse(o.Id, o.Unit, o.Unit.ChineseName(), o.Verdict, o.Comment, o.GivenBy, o.GivenAt))
                .ToList(),
            objections.Select(ToResponse).ToList());
    }

    public static ObjectionResponse ToResponse(NoticeObjection o) =>
        new(o.Id, o.Content, o.FiledBy, o.FiledAt, o.Upheld, o.Resolution, o.ResolvedAt);

    /// <summary>The reviewing units the nomination's honor type requires.</summary>
    public static Task<ReviewingUnit[]> RequiredReviewersAsync(HonorsDbContext db, Nomination n, CancellationToken ct) =>
        db.HonorTypes.AsNoTracking().Where(t => t.Code == n.HonorTypeCode).Select(t => t.RequiredReviewers).FirstAsync(ct);
}
