using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Honors.Apis;
using Party.Honors.Data;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.Nominations;
using Party.Honors.Domain.Subjects;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Honors.Application;

/// <summary>A party committee's nomination (推荐, SPEC §6.3): checked against the facts received, then sent to joint review.</summary>
public static class Nominating
{
    public static async Task<Nomination> NominateAsync(HonorsServices services, NominateRequest request, CancellationToken ct)
    {
        var (db, scope, http, clock, _) = services;
        var now = clock.GetUtcNow();
        var today = BusinessDate.Of(now);
        var g = request.Guesthouse;
        var validator = new Validator()
            .Check(!string.IsNullOrWhiteSpace(request.HonorTypeCode), "honorTypeCode", "请选择荣誉类别。")
            .Check(request.Year is null or (>= 2000 and <= 2100), "year", "年度须在 2000 到 2100 之间。")
            .Check(request.Month is null or (>= 1 and <= 12), "month", "月份须在 1 到 12 之间。")
            .Check(!string.IsNullOrWhiteSpace(request.Deeds) && request.Deeds.Length <= 4000, "deeds", "请填写主要事迹（最多 4000 字）。");
        validator.ThrowIfInvalid();
        var type = await db.HonorTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Code == request.HonorTypeCode, ct)
            ?? throw new DomainException("honors.unknown_type", $"没有代码为“{request.HonorTypeCode}”的荣誉类别。", 400);
        var isGuesthouse = type.Rule == EligibilityRule.ModelGuesthouse;
        validator
            .Check(isGuesthouse || (request.SubjectId is { } s && s != Guid.Empty), "subjectId", "请指明被推荐对象的编号。")
            .Check(type.Rule != EligibilityRule.StarOfMonth || request.Month is not null, "month", "驻村工作月标兵须指明月份。")
            .Check(!isGuesthouse || g is not null, "guesthouse", "党员农家宾馆示范户须填写宾馆申报信息。");
        if (isGuesthouse && g is not null)
        {
            validator
                .Check(!string.IsNullOrWhiteSpace(g.Name) && g.Name.Length <= 200, "guesthouse.name", "请填写宾馆名称（最多 200 字）。")
                .Check(g.OwnerMemberId is { } o && o != Guid.Empty, "guesthouse.ownerMemberId", "请指明经营者的党员编号。")
                .Check(g.OpenedOn is not null && g.OpenedOn <= today, "guesthouse.openedOn", "请填写不晚于今天的开业日期。")
                .Check(g.BusinessLicence is null || g.BusinessLicence.Length <= 100, "guesthouse.businessLicence",
                    "营业执照编号最多 100 个字符。");
        }
        validator.ThrowIfInvalid();

        var year = request.Year ?? today.Year;
        var subjectId = isGuesthouse ? request.SubjectId ?? Guid.CreateVersion7() : request.SubjectId!.Value;
        var application = isGuesthouse
            ? new GuesthouseApplication(g!.BusinessLicence.Trimmed(), g.OpenedOn!.Value, g.LeadsMet?.Distinct().ToArray() ?? [])
            : null;
        var settings = await db.SettingsAsync(today, ct);
        var check = await db.CheckAsync(type, subjectId, year, request.Month, application, g?.OwnerMemberId, today, settings, ct);
        // Scope before eligibility: another township's subject is "not found", its facts are not discussed.
        if (check.OrgUnitId is { } org) await scope.EnsureContainsAsync(org, "subjects", ct);
        if (check.Reasons.Count > 0)
            throw ApiSupport.Refuse("honors.not_eligible", $"不符合“{type.Name}”的推荐条件：", check.Reasons);
        var orgUnitId = check.OrgUnitId!.Value;
        var month = type.Rule == EligibilityRule.StarOfMonth ? request.Month : null;
        if (await db.Nominations.AnyAsync(n => n.SubjectId == subjectId && n.HonorTypeCode == type.Code && n.Year == year
                && n.Month == month && n.Status != NominationStatus.Rejected, ct))
            throw DomainException.Conflict("honors.duplicate_nomination", "该对象本年度（月度）已有同一荣誉的推荐在办或已授予。");

        var unit = await db.OrgUnits.AsNoTracking().Where(u => u.Id == orgUnitId).Select(u => new { u.Path, u.Version }).FirstAsync(ct);
        var path = unit.Path;
        var nomination = new Nomination
        {
            Id = Guid.CreateVersion7(), HonorTypeCode = type.Code, Level = request.Level ?? type.Level, Year = year, Month = month,
            SubjectKind = type.SubjectKind, SubjectId = subjectId, SubjectName = isGuesthouse ? g!.Name!.Trim() : check.Name ?? "",
            OrgUnitId = orgUnitId, OrgPath = path, OrgVersion = unit.Version, Deeds = request.Deeds!.Trim(),
            Status = NominationStatus.UnderReview, NominatedBy = http.User.Actor(), NominatedAt = now,
            OwnerMemberId = g?.OwnerMemberId, BusinessLicence = application?.BusinessLicence, OpenedOn = application?.OpenedOn,
            LeadsMet = application?.LeadsMet.ToArray(),
        };
        db.Nominations.Add(nomination);
        db.Audit(http.User, now, "nomination", nomination.Id, path, "nominated", null, nomination.Status.Wire(),
            $"{type.Name}：{nomination.SubjectName}");
        // The reviewing bureaus and, for a member under sanction, the discipline commission learn it by webhook.
        await db.AddAwaitingReviewAsync(nomination, type, now, ct);
        await db.AddIfMemberSanctionedAsync(nomination, type, settings.CleanRecordYearsBack, now, ct);
        await db.SaveAsync(ct);
        return nomination;
    }
}
