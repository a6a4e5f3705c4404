using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Party.Branches.Data;
using Party.Branches.Domain.Meetings;
using Party.Contracts.Branches;
using Party.Messaging;
using Party.Messaging.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Branches.Apis;

public sealed record RecordMeetingRequest(Guid? BranchId, MeetingKind? Kind, DateOnly? HeldOn, string? Topic, List<Guid>? Attendees,
    [FreeText] string? Minutes = null, List<Guid>? AbsentWithLeave = null, List<Guid>? AbsentWithoutLeave = null);
public sealed record MeetingResponse(Guid Id, Guid BranchId, MeetingKind Kind, DateOnly HeldOn, string Topic, string? Minutes,
    IReadOnlyList<Guid> Attendees, IReadOnlyList<Guid> AbsentWithLeave, IReadOnlyList<Guid> AbsentWithoutLeave, DateTimeOffset RecordedAt);
public sealed record ComplianceRow(Guid BranchId, string BranchCode, string BranchName, int CommitteeMonths, int GroupMonths, int ThemeDayMonths,
    int GeneralMeetingQuarters, int LectureQuarters, int RequiredMonths, int RequiredQuarters, int ThemeDaysOffThe15th, int MissingSlots, bool Compliant);
public sealed record ComplianceReport(int Year, int? Quarter, int? Month, DateOnly From, DateOnly To, long? Branches, long NonCompliant, Page<ComplianceRow> Rows);

/// <summary>三会一课 and theme party days (主题党日): meeting records with attendance and the compliance report.</summary>
public static class MeetingsApi
{
    public const int MaxPeople = 2000;

    public static IEndpointRouteBuilder MapMeetingsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/branches/meetings").WithTags("Meetings");
        g.MapPost("/", Record).RequireRole(PartyRoles.Branch, PartyRoles.Township, PartyRoles.County)
            .WithName("RecordMeeting").WithSummary("登记一次三会一课或主题党日（含出席、请假、无故缺席），发布 BranchMeetingHeld。");
        g.MapGet("/", List).WithName("ListMeetings").WithSummary("分页列出管辖范围内的会议记录。");
        g.MapGet("/compliance", Compliance).WithName("MeetingCompliance").WithSummary("三会一课落实情况：按支部统计某年、某季度或某月是否达标。");
        g.MapGet("/compliance.xlsx", ComplianceExcel).WithName("MeetingComplianceExcel").WithSummary("三会一课落实情况导出为 Excel。");
        g.MapGet("/{id:guid}", Get).WithName("GetMeeting").WithSummary("查看一次会议记录。");
        return app;
    }

    private static MeetingResponse ToResponse(Meeting m) => new(m.Id, m.BranchId, m.Kind, m.HeldOn, m.Topic, m.Minutes, m.Attendees, m.AbsentWithLeave, m.AbsentWithoutLeave, m.RecordedAt);

    private static async Task<Created<MeetingResponse>> Record(RecordMeetingRequest request, BranchesDbContext db, OrgScope scope, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        var attendees = request.Attendees ?? [];
        var withLeave = request.AbsentWithLeave ?? [];
        var withoutLeave = request.AbsentWithoutLeave ?? [];
        var everyone = attendees.Concat(withLeave).Concat(withoutLeave).ToList();
        new Validator()
            .Check(request.BranchId is not null, "branchId", "请指定党支部。")
            .Check(request.Kind is not null, "kind", "请选择会议类别。")
            .Check(request.HeldOn is not null && request.HeldOn <= today && request.HeldOn >= today.AddYears(-2), "heldOn", "会议日期必填，不能晚于今天，也不能早于两年前。")
            .Check(!string.IsNullOrWhiteSpace(request.Topic) && request.Topic.Trim().Length <= 500, "topic", "会议主题必填，最多 500 字。")
            .Check(request.Minutes is null || request.Minutes.Length <= 20_000, "minutes", "会议记录最多 20000 字。")
            .Check(attendees.Count > 0, "attendees", "请登记出席人员。")
            .Check(everyone.Count <= MaxPeople, "attendees", $"参会人员合计不能超过 {MaxPeople} 人。")
            .Check(everyone.Distinct().Count() == everyone.Count, "attendees", "同一名党员只能出现在出席、请假、无故缺席中的一处，且不能重复。")
            .Check(everyone.All(id => id != Guid.Empty), "attendees", "党员编号不能为全零。")
            .ThrowIfInvalid();
        var branch = await ApiSupport.BranchInScopeAsync(db, scope, request.BranchId, "meetings.branch", ct);
        var now = clock.GetUtcNow();
        var meeting = new Meeting
        {
            Id = Guid.CreateVersion7(), BranchId = branch.Id, OrgPath = branch.Path, Kind = request.Kind!.Value, HeldOn = request.HeldOn!.Value,
            Topic = request.Topic!.Trim(), Minutes = request.Minutes, Attendees = attendees, AbsentWithLeave = withLeave, AbsentWithoutLeave = withoutLeave,
            RecordedAt = now, RecordedBy = http.User.Actor(),
        };
        db.Meetings.Add(meeting);
        db.AddEvent(new BranchMeetingHeld
        {
            MeetingId = meeting.Id, BranchId = branch.Id, Kind = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(meeting.Kind.ToString()),
            HeldOn = meeting.HeldOn, Topic = meeting.Topic, Attendees = attendees, AbsentWithLeave = withLeave, AbsentWithoutLeave = withoutLeave, OccurredAt = now,
        }, now);
        db.Audit(http.User, now, "meeting", meeting.Id, meeting.OrgPath, "recorded",
            to: $"{meeting.Kind} {meeting.HeldOn:yyyy-MM-dd} 出席{attendees.Count} 请假{withLeave.Count} 缺席{withoutLeave.Count}");
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/branches/meetings/{meeting.Id}", ToResponse(meeting));
    }

    private static async Task<Ok<MeetingResponse>> Get(Guid id, BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var meeting = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && m.OrgPath.StartsWith(prefix), ct) ?? throw DomainException.NotFound("meetings");
        return TypedResults.Ok(ToResponse(meeting));
    }

    private static async Task<Ok<Page<MeetingResponse>>> List(Guid? branchId, [QueryEnum(typeof(MeetingKind))] string? kind, DateOnly? from, DateOnly? to, int? page, int? pageSize,
        BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var query = db.Meetings.AsNoTracking().Where(m => m.OrgPath.StartsWith(prefix));
        if (branchId is not null) query = query.Where(m => m.BranchId == branchId);
        if (QueryEnums.Parse<MeetingKind>(kind, "kind") is { } k) query = query.Where(m => m.Kind == k);
        if (from is not null) query = query.Where(m => m.HeldOn >= from);
        if (to is not null) query = query.Where(m => m.HeldOn <= to);
        return TypedResults.Ok(await query.OrderByDescending(m => m.HeldOn).ThenBy(m => m.Id).ToPageAsync(paging, ToResponse, ct));
    }

    private static async Task<Ok<ComplianceReport>> Compliance(int? year, int? quarter, int? month, bool? onlyNonCompliant, Guid? under, int? page, int? pageSize,
        BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var v = new Validator().Check(year is not null, "year", "请指定年度。");
        var period = new CompliancePeriod(year ?? 0, quarter, month);
        if (year is not null) foreach (var (field, message) in period.Problems()) v.Check(false, field, message);
        v.ThrowIfInvalid();
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        if (under is { } root)
            prefix = await db.OrgUnits.AsNoTracking().Where(u => u.Id == root && u.Path.StartsWith(prefix)).Select(u => u.Path).FirstOrDefaultAsync(ct)
                ?? throw DomainException.NotFound("meetings.under");
        var rows = await ComplianceQueryAsync(db, prefix, period, onlyNonCompliant == true, skip, take, ct);
        var total = rows.Count > 0 ? rows[0].Total : 0;
        var nonCompliant = rows.Count > 0 ? rows[0].NonCompliant : 0;
        if (rows.Count == 0 && skip > 0)
        {
            var counts = await ComplianceQueryAsync(db, prefix, period, onlyNonCompliant == true, 0, 1, ct);
            (total, nonCompliant) = counts.Count > 0 ? (counts[0].Total, counts[0].NonCompliant) : (0, 0);
        }
        long? branches = onlyNonCompliant == true ? null : total;
        return TypedResults.Ok(new ComplianceReport(period.Year, quarter, month, period.From, period.To, branches, nonCompliant,
            new Page<ComplianceRow>(rows.Select(r => r.Row).ToList(), p, size, total)));
    }

    /// <summary>Every branch of the caller's subtree in one sheet (a county is ~1,000 rows; the sheet stops at 100,000).</summary>
    private static async Task<FileContentHttpResult> ComplianceExcel(int? year, int? quarter, int? month, bool? onlyNonCompliant, BranchesDbContext db, OrgScope scope, CancellationToken ct)
    {
        var v = new Validator().Check(year is not null, "year", "请指定年度。");
        var period = new CompliancePeriod(year ?? 0, quarter, month);
        if (year is not null) foreach (var (field, message) in period.Problems()) v.Check(false, field, message);
        v.ThrowIfInvalid();
        var prefix = await scope.CallerPathOrNothingAsync(ct);
        var rows = await ComplianceQueryAsync(db, prefix, period, onlyNonCompliant == true, 0, 100_000, ct);
        var sheet = rows.Select(x => x.Row).Select(r => new Dictionary<string, object?>
        {
            ["组织代码"] = r.BranchCode, ["党组织"] = r.BranchName, ["支委会(月)"] = r.CommitteeMonths, ["党小组会(月)"] = r.GroupMonths,
            ["主题党日(月)"] = r.ThemeDayMonths, ["党员大会(季)"] = r.GeneralMeetingQuarters, ["党课(季)"] = r.LectureQuarters,
            ["应开月数"] = r.RequiredMonths, ["应开季数"] = r.RequiredQuarters, ["主题党日非15日"] = r.ThemeDaysOffThe15th, ["缺项"] = r.MissingSlots,
            ["达标"] = r.Compliant ? "是" : "否",
        }).ToList();
        return await Spreadsheets.FileAsync(sheet, $"meeting-compliance-{period.Year}.xlsx", ct, "三会一课");
    }

    internal sealed record ComplianceSqlRow(ComplianceRow Row, long Total, long NonCompliant);

    /// <summary>
    /// The compliance report as one set-based query: every branch in the subtree, its distinct months and
    /// quarters with each kind of meeting, what is missing, and window totals for paging.
    /// Same rule as <see cref="MeetingCompliance.Evaluate"/>.
    /// </summary>
    internal static Task<List<ComplianceSqlRow>> ComplianceQueryAsync(BranchesDbContext db, string prefix, CompliancePeriod period, bool onlyNonCompliant,
        int skip, int take, CancellationToken ct)
    {
        var like = ApiSupport.Like(prefix);
        return db.QueryAsync($"""
            WITH b AS (
                SELECT id, code, name, path FROM org_units
                WHERE path LIKE {like} AND kind IN ('Branch', 'GeneralBranch') AND NOT dissolved
            ), agg AS (
                SELECT m.branch_id,
                       count(DISTINCT date_part('month', m.held_on)) FILTER (WHERE m.kind = 'CommitteeMeeting')::int AS committee_months,
                       count(DISTINCT date_part('month', m.held_on)) FILTER (WHERE m.kind = 'GroupMeeting')::int AS group_months,
                       count(DISTINCT date_part('month', m.held_on)) FILTER (WHERE m.kind = 'ThemePartyDay')::int AS theme_months,
                       count(DISTINCT date_part('quarter', m.held_on)) FILTER (WHERE m.kind = 'GeneralMeeting')::int AS general_quarters,
                       count(DISTINCT date_part('quarter', m.held_on)) FILTER (WHERE m.kind = 'PartyLecture')::int AS lecture_quarters,
                       count(*) FILTER (WHERE m.kind = 'ThemePartyDay' AND date_part('day', m.held_on) <> 15)::int AS theme_off
                FROM meetings m
                WHERE m.held_on BETWEEN {period.From} AND {period.To} AND m.org_path LIKE {like}
                GROUP BY m.branch_id
            ), r AS (
                SELECT b.id, b.code, b.name, b.path,
                       coalesce(a.committee_months, 0) AS committee_months, coalesce(a.group_months, 0) AS group_months,
                       coalesce(a.theme_months, 0) AS theme_months,
                       CASE WHEN {period.Quarters} = 0 THEN 0 ELSE coalesce(a.general_quarters, 0) END AS general_quarters,
                       CASE WHEN {period.Quarters} = 0 THEN 0 ELSE coalesce(a.lecture_quarters, 0) END AS lecture_quarters,
                       coalesce(a.theme_off, 0) AS theme_off
                FROM b LEFT JOIN agg a ON a.branch_id = b.id
            ), s AS (
                SELECT r.*,
                       greatest(0, {period.Months} - committee_months) + greatest(0, {period.Months} - group_months) + greatest(0, {period.Months} - theme_months)
                       + greatest(0, {period.Quarters} - general_quarters) + greatest(0, {period.Quarters} - lecture_quarters) AS missing
                FROM r
            ), f AS (
                SELECT s.*, count(*) OVER () AS total, count(*) FILTER (WHERE missing > 0) OVER () AS non_compliant
                FROM s WHERE NOT {onlyNonCompliant} OR missing > 0
            )
            SELECT id, code, name, committee_months, group_months, theme_months, general_quarters, lecture_quarters, theme_off, missing, total, non_compliant
            FROM f ORDER BY missing DESC, path LIMIT {take} OFFSET {skip}
            """, r => new ComplianceSqlRow(new ComplianceRow(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5),
                r.GetInt32(6), r.GetInt32(7), period.Months, period.Quarters, r.GetInt32(8), r.GetInt32(9), r.GetInt32(9) == 0), r.GetInt64(10), r.GetInt64(11)), ct);
    }
}
