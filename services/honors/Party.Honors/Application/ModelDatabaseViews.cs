using Microsoft.EntityFrameworkCore;
using Party.Honors.Apis;
using Party.Honors.Data;
using Party.Honors.Domain.ModelDatabase;
using Party.ServiceDefaults.Problems;

namespace Party.Honors.Application;

/// <summary>Awards and profiles of the model database (先进典型信息库) as the caller may see them: within the caller's subtree.</summary>
public static class ModelDatabaseViews
{
    public static async Task<Award> FindAwardAsync(HonorsServices services, Guid id, CancellationToken ct)
    {
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        return await services.Db.Awards.FirstOrDefaultAsync(a => a.Id == id && a.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("awards");
    }

    public static async Task<ModelProfile> FindProfileAsync(HonorsServices services, Guid id, CancellationToken ct)
    {
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        return await services.Db.Profiles.FirstOrDefaultAsync(p => p.Id == id && p.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("profiles");
    }

    public static AwardResponse ToResponse(Award a) => new(a.Id, a.NominationId, a.HonorTypeCode, a.HonorName, a.Level, a.SubjectKind,
        a.SubjectId, a.SubjectName, a.OrgUnitId, a.Year, a.Batch, a.External, a.Issuer, a.AwardedAt, a.Status, a.RectificationDeadline,
        a.RevokedAt, a.RevocationReason);

    public static VisitResponse ToResponse(FollowUpVisit v) => new(v.Id, v.VisitedOn, v.Visitor, v.Notes, v.RecordedBy, v.RecordedAt);

    /// <summary>The profile with every honor of its subject and every follow-up visit.</summary>
    public static async Task<ProfileResponse> LoadProfileAsync(HonorsDbContext db, ModelProfile profile, CancellationToken ct)
    {
        var awards = await db.Awards.AsNoTracking().Where(a => a.SubjectId == profile.Id).OrderBy(a => a.AwardedAt).ToListAsync(ct);
        var visits = await db.Visits.AsNoTracking().Where(v => v.ProfileId == profile.Id)
            .OrderBy(v => v.VisitedOn).ThenBy(v => v.RecordedAt).ToListAsync(ct);
        return new ProfileResponse(profile.Id, profile.SubjectKind, profile.Name, profile.OrgUnitId, profile.Deeds, profile.DeedsSummary,
            profile.PhotoUrl, profile.MediaLinks, awards.Select(ToResponse).ToList(), visits.Select(ToResponse).ToList());
    }
}
