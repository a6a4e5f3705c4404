using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Contracts.Honors;
using Party.Honors.Apis;
using Party.Honors.Data;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.ModelDatabase;
using Party.Honors.Domain.Nominations;
using Party.Honors.Domain.Subjects;
using Party.Messaging;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;

namespace Party.Honors.Application;

/// <summary>
/// A batch award (如“2026 七一表彰”): all of the nominations or none. Each must have finished its notice without an open
/// objection and still meet its rule; each becomes an award, gives its subject a profile in the model database, and is
/// announced as <c>HonorAwarded</c>.
/// </summary>
public static class AwardBatches
{
    public static async Task<AwardBatchResponse> AwardAsync(HonorsServices services, string batch, Guid[] nominationIds,
        CancellationToken ct)
    {
        var (db, scope, http, clock, cache) = services;
        var ids = nominationIds.Distinct().ToList();
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var nominations = await db.Nominations.Where(n => ids.Contains(n.Id) && n.OrgPath.StartsWith(prefix)).ToListAsync(ct);
        if (nominations.Count != ids.Count) throw DomainException.NotFound("nominations");

        var now = clock.GetUtcNow();
        var today = BusinessDate.Of(now);
        var settings = await db.SettingsAsync(today, ct);
        var types = await db.HonorTypes.AsNoTracking().ToDictionaryAsync(t => t.Code, ct);
        var openObjections = await db.NoticeObjections.AsNoTracking().Where(o => ids.Contains(o.NominationId) && o.Upheld == null)
            .GroupBy(o => o.NominationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var blockers = new List<IneligibilityReason>();
        foreach (var n in nominations)
        {
            var reasons = Workflow.AwardBlockers(n.Status, n.NoticeEndsOn, today, openObjections.GetValueOrDefault(n.Id)).ToList();
            if (reasons.Count == 0)
            {
                // Facts may have changed since nomination (a veto, a sanction): the rule is checked again at the award.
                var application = n.OpenedOn is { } opened ? new GuesthouseApplication(n.BusinessLicence, opened, n.LeadsMet ?? []) : null;
                var check = await db.CheckAsync(types[n.HonorTypeCode], n.SubjectId, n.Year, n.Month, application, n.OwnerMemberId, today,
                    settings, ct);
                reasons.AddRange(check.Reasons);
            }
            blockers.AddRange(reasons.Select(r =>
                new IneligibilityReason($"{n.Id}", $"{n.SubjectName}（{types[n.HonorTypeCode].Name}）：{r.Detail}")));
        }
        if (blockers.Count > 0) throw ApiSupport.Refuse("honors.award_blocked", "本批次不能表彰，以下推荐未满足条件：", blockers);

        var awarded = new List<AwardedItem>();
        var profileIds = nominations.Select(n => n.SubjectId).ToList();
        var existingProfiles = await db.Profiles.Where(p => profileIds.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
        var newProfiles = new HashSet<Guid>();
        foreach (var n in nominations)
        {
            var type = types[n.HonorTypeCode];
            var award = new Award
            {
                Id = Guid.CreateVersion7(), NominationId = n.Id, HonorTypeCode = type.Code, HonorName = type.Name, Level = n.Level,
                SubjectKind = n.SubjectKind, SubjectId = n.SubjectId, SubjectName = n.SubjectName, OrgUnitId = n.OrgUnitId,
                OrgPath = n.OrgPath, OrgVersion = n.OrgVersion, Year = n.Year, Batch = batch, AwardedAt = now, Status = AwardStatus.Active,
            };
            db.Awards.Add(award);
            n.Status = NominationStatus.Awarded;
            n.Batch = batch;
            n.AwardId = award.Id;
            if (!existingProfiles.Contains(n.SubjectId) && newProfiles.Add(n.SubjectId))
                db.Profiles.Add(ModelProfile.New(n.SubjectId, n.SubjectKind, n.SubjectName, n.OrgUnitId, n.OrgPath, n.OrgVersion,
                    n.Deeds, now));
            db.AddEvent(new HonorAwarded
            {
                AwardId = award.Id, HonorTypeCode = type.Code, HonorName = type.Name, Level = award.Level.Wire(),
                SubjectKind = award.SubjectKind.Wire(), SubjectId = award.SubjectId, OrgUnitId = award.OrgUnitId, Year = award.Year,
                Batch = batch, OccurredAt = now,
            }, now);
            db.Audit(http.User, now, "nomination", n.Id, n.OrgPath, "awarded", NominationStatus.OnNotice.Wire(),
                NominationStatus.Awarded.Wire(), batch);
            db.Audit(http.User, now, "award", award.Id, n.OrgPath, "awarded", null, AwardStatus.Active.Wire(), batch);
            awarded.Add(new AwardedItem(n.Id, award.Id, n.SubjectId, n.SubjectName));
        }
        await db.SaveAsync(ct);
        await db.Database.AfterCommitAsync(cache.InvalidateAsync);
        return new AwardBatchResponse(batch, awarded);
    }
}
