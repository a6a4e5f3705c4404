using Microsoft.EntityFrameworkCore;
using Party.Branches.Apis;
using Party.Branches.Domain.Meetings;
using Party.Common;
using Party.Contracts.Branches;
using Party.Messaging;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Application;

/// <summary>Meeting records with attendance (会议记录); each one recorded is published as <see cref="BranchMeetingHeld"/>.</summary>
public static class MeetingRecords
{
    public static async Task<MeetingResponse> RecordAsync(BranchesServices services, RecordMeetingRequest request, CancellationToken ct)
    {
        var (db, scope, http, clock) = services;
        var today = clock.Today();
        var attendees = request.Attendees ?? [];
        var withLeave = request.AbsentWithLeave ?? [];
        var withoutLeave = request.AbsentWithoutLeave ?? [];
        var everyone = attendees.Concat(withLeave).Concat(withoutLeave).ToList();
        new Validator()
            .Check(request.BranchId is not null, "branchId", "请指定党支部。")
            .Check(request.Kind is not null, "kind", "请选择会议类别。")
            .Check(request.HeldOn is not null && request.HeldOn <= today && request.HeldOn >= today.AddYears(-2), "heldOn",
                "会议日期必填，不能晚于今天，也不能早于两年前。")
            .Check(!string.IsNullOrWhiteSpace(request.Topic) && request.Topic.Trim().Length <= 500, "topic", "会议主题必填，最多 500 字。")
            .Check(request.Minutes is null || request.Minutes.Length <= 20_000, "minutes", "会议记录最多 20000 字。")
            .Check(attendees.Count > 0, "attendees", "请登记出席人员。")
            .Check(everyone.Count <= Meeting.MaxPeople, "attendees", $"参会人员合计不能超过 {Meeting.MaxPeople} 人。")
            .Check(everyone.Distinct().Count() == everyone.Count, "attendees", "同一名党员只能出现在出席、请假、无故缺席中的一处，且不能重复。")
            .Check(everyone.All(id => id != Guid.Empty), "attendees", "党员编号不能为全零。")
            .ThrowIfInvalid();
        var branch = await Lookups.BranchInScopeAsync(db, scope, request.BranchId, "meetings.branch", ct);
        var now = clock.GetUtcNow();
        var meeting = new Meeting
        {
            Id = Guid.CreateVersion7(), BranchId = branch.Id, OrgPath = branch.Path, Kind = request.Kind!.Value,
            HeldOn = request.HeldOn!.Value,
            Topic = request.Topic!.Trim(), Minutes = request.Minutes, Attendees = attendees, AbsentWithLeave = withLeave,
            AbsentWithoutLeave = withoutLeave, RecordedAt = now, RecordedBy = http.User.Actor(),
        };
        db.Meetings.Add(meeting);
        db.AddEvent(new BranchMeetingHeld
        {
            MeetingId = meeting.Id, BranchId = branch.Id,
            Kind = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(meeting.Kind.ToString()),
            HeldOn = meeting.HeldOn, Topic = meeting.Topic, Attendees = attendees, AbsentWithLeave = withLeave,
            AbsentWithoutLeave = withoutLeave, OccurredAt = now,
        }, now);
        db.Audit(http.User, now, "meeting", meeting.Id, meeting.OrgPath, "recorded",
            to: $"{meeting.Kind} {meeting.HeldOn:yyyy-MM-dd} 出席{attendees.Count} 请假{withLeave.Count} 缺席{withoutLeave.Count}");
        await db.SaveChangesAsync(ct);
        return MeetingResponse.From(meeting);
    }

    public static async Task<MeetingResponse> GetAsync(BranchesServices services, Guid id, CancellationToken ct)
    {
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var meeting = await services.Db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && m.OrgPath.StartsWith(prefix), ct)
            ?? throw DomainException.NotFound("meetings");
        return MeetingResponse.From(meeting);
    }

    public static async Task<Page<MeetingResponse>> ListAsync(BranchesServices services, Guid? branchId, string? kind, DateOnly? from,
        DateOnly? to, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = services.Db.Meetings.AsNoTracking().Where(m => m.OrgPath.StartsWith(prefix));
        if (branchId is not null) query = query.Where(m => m.BranchId == branchId);
        if (QueryEnums.Parse<MeetingKind>(kind, "kind") is { } k) query = query.Where(m => m.Kind == k);
        if (from is not null) query = query.Where(m => m.HeldOn >= from);
        if (to is not null) query = query.Where(m => m.HeldOn <= to);
        return await query.OrderByDescending(m => m.HeldOn).ThenBy(m => m.Id).ToPageAsync(paging, MeetingResponse.From, ct);
    }
}
