using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Members.Apis;
using Party.Members.Data;
using Party.Members.Domain.Members;
using Party.Members.Domain.Training;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Application;

/// <summary>
/// Training sessions (轮训, §3.7): one session recorded for many members at once.
/// </summary>
public static class TrainingRecords
{
    public static async Task<TrainingSessionResponse> RecordAsync(MembersServices services, RecordTrainingRequest r, CancellationToken ct)
    {
        var today = services.Clock.Today();
        new Validator()
            .Check(r.MemberIds is { Count: > 0 and <= 2000 }, "memberIds", "请列出参训党员（1–2000 人）。")
            .Check(!string.IsNullOrWhiteSpace(r.Kind) && r.Kind.Length <= 50, "kind", "培训类别必填，最多 50 字。")
            .Check(r.Hours is { } h && TrainingRules.ValidHours(h), "hours", "学时须为 0.5–100，按半小时计。")
            .Check(r.TrainedOn is { } d && d <= today && d.Year >= today.Year - 1, "trainedOn", "培训日期须在去年以来且不晚于今天。")
            .Check(!string.IsNullOrWhiteSpace(r.Organizer) && r.Organizer.Length <= 200, "organizer", "主办单位必填，最多 200 字。")
            .ThrowIfInvalid();
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var ids = r.MemberIds!.Distinct().ToList();
        var members = await services.Db.Set<Member>().AsNoTracking().Where(m => ids.Contains(m.Id) && m.OrgPath.StartsWith(prefix))
            .Select(m => new { m.Id, m.BranchId, m.OrgPath }).ToListAsync(ct);
        var unknown = ids.Except(members.Select(m => m.Id)).ToList();
        if (unknown.Count > 0)
            throw new DomainException("members.not_found", $"{unknown.Count} 名党员不存在或不在您的管辖范围内：{string.Join(", ", unknown.Take(10))}。", 404);
        var now = services.Clock.GetUtcNow();
        var session = Guid.CreateVersion7();
        foreach (var m in members)
        {
            services.Db.Add(new TrainingRecord
            {
                Id = Guid.CreateVersion7(), MemberId = m.Id, BranchId = m.BranchId, OrgPath = m.OrgPath, Kind = r.Kind!.Trim(),
                Hours = r.Hours!.Value, TrainedOn = r.TrainedOn!.Value,
                Organizer = r.Organizer!.Trim(), SessionId = session, CreatedAt = now, CreatedBy = services.User.Actor(),
            });
        }
        services.Db.Audit(services.User, now, AuditEntities.TrainingSession, session, prefix == "!none" ? "/" : prefix, "recorded",
            to: $"{r.Kind} {r.TrainedOn:yyyy-MM-dd} {members.Count} 人 {r.Hours} 学时");
        await services.Db.SaveChangesAsync(ct);
        return new TrainingSessionResponse(session, members.Count);
    }

}
