using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Members.Application;
using Party.Members.Consumers;
using Party.Members.Data;
using Party.Members.Domain.Members;
using Party.Members.Domain.Points;
using Party.Members.Jobs;
using Party.Messaging;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

public sealed record CreateEntryRequest(Guid? MemberId, string? ItemCode, DateOnly? OccurredOn, EntrySource? Source, string? Witness = null,
    [FreeText] string? Description = null);
public enum ReviewDecision { Approve, Reject }
public sealed record ReviewEntryRequest(ReviewDecision? Decision, [FreeText] string? Reason = null);
public sealed record CorrectEntryRequest(decimal? Points, [FreeText] string? Reason);
public sealed record EntryResponse(Guid Id, Guid MemberId, Guid BranchId, int Year, DateOnly OccurredOn, DateOnly WindowStart,
    string ItemCode, string ItemName,
    PointKind Kind, decimal Points, decimal? CapPerYear, EntrySource Source, string? Witness, string? Description, EntryStatus Status,
    string? ReviewReason,
    string? ReviewedBy, DateTimeOffset? ReviewedAt, string? OriginKey, Guid? ReversesEntryId, bool IsCorrection, DateTimeOffset CreatedAt,
    string CreatedBy);
public sealed record LedgerResponse(Guid MemberId, string MemberName, int Year, decimal Base, decimal Contribution, decimal Deduction,
    bool Vetoed, decimal Score,
    int Pending, AnnualAssessment? Assessment, IReadOnlyList<EntryResponse> Entries);

/// <summary>Monthly entries (每月申报登记), branch review (支部初审), county corrections, the member ledger and the branch ranking.</summary>
public static class PointsEntriesApi
{
    public static IEndpointRouteBuilder MapPointsEntriesApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/members/points").WithTags("Points").RequireRole(ApiSupport.OfficeRoles);
        g.MapPost("/entries", Create).WithName("CreatePointsEntry").WithSummary("登记一条积分（个人申报、支部记录或群众证实），日期须在未关闭的申报窗口内。");
        g.MapGet("/entries/{id:guid}", Get).WithName("GetPointsEntry").WithSummary("查看一条积分登记。");
        g.MapGet("/entries", List).Produces<Page<PointsEntry>>()
            .WithName("ListPointsEntries").WithSummary("分页列出积分登记（可按党员、支部、年度、状态筛选；format=xlsx 导出）。");
        g.MapPost("/entries/{id:guid}/review", Review).WithName("ReviewPointsEntry").WithSummary("支部审核：通过，或写明理由退回。");
        g.MapPost("/entries/{id:guid}/corrections", Correct).WithName("CorrectPointsEntry").WithSummary("县委组织部登记更正（冻结后唯一的改动方式），记入全程记实。");
        g.MapGet("/members/{memberId:guid}/ledger", Ledger).WithName("PointsLedger").WithSummary("党员积分台账：某年每条登记与合计。");
        g.MapGet("/ranking", Ranking).WithName("PointsRanking").WithSummary("支部积分排名（供乡镇、县委督导使用，不公开）。");
        g.MapGet("/audit", Audit).WithName("PointsAudit").WithSummary("全程记实：管辖范围内积分、承诺、帮扶卡、职责、培训的变更记录。");
        return app;
    }

    private static async Task<Created<EntryResponse>> Create(CreateEntryRequest r, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var created = await PointsEntries.CreateAsync(services, r, ct);
        return TypedResults.Created($"/api/members/points/entries/{created.Id}", created);
    }

    private static async Task<Ok<EntryResponse>> Get(Guid id, [AsParameters] MembersServices services, CancellationToken ct)
    {
        var e = await PointsEntries.FindAsync(services.Db, services.Scope, id, ct, tracking: false);
        services.Http.Response.Headers.ETag = ETags.Format(e.RowVersion);
        return TypedResults.Ok(PointsEntries.ToResponse(e));
    }

    private static async Task<IResult> List(Guid? memberId, Guid? branchId, int? year, [QueryEnum(typeof(EntryStatus))] string? status,
        [QueryEnum(typeof(PointKind))] string? kind, string? format, int? page, int? pageSize, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var xlsx = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);
        var paging = xlsx ? new PageRequest(0, 100_000, 1, 100_000) : Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var q = services.Db.Set<PointsEntry>().AsNoTracking().Where(e => e.OrgPath.StartsWith(prefix));
        if (memberId is not null) q = q.Where(e => e.MemberId == memberId);
        if (branchId is not null) q = q.Where(e => e.BranchId == branchId);
        if (year is not null) q = q.Where(e => e.Year == year);
        if (QueryEnums.Parse<EntryStatus>(status, "status") is { } st) q = q.Where(e => e.Status == st);
        if (QueryEnums.Parse<PointKind>(kind, "kind") is { } k) q = q.Where(e => e.Kind == k);
        var ordered = q.OrderBy(e => e.OccurredOn).ThenBy(e => e.Id);
        if (xlsx)
        {
            // A clerk's sheet: the member by name and every value in the words of the screens, never an id or an enum code.
            var rows = await (from e in q
                              join m in services.Db.Set<Member>().AsNoTracking() on e.MemberId equals m.Id into members
                              from m in members.DefaultIfEmpty()
                              orderby e.OccurredOn, e.Id
                              select new { Entry = e, MemberName = m == null ? "" : m.Name }).Take(paging.Take).ToListAsync(ct);
            var sheet = rows.Select(r => new
            {
                党员 = r.MemberName, 日期 = r.Entry.OccurredOn.ToString("yyyy-MM-dd"), 项目代码 = r.Entry.ItemCode, 项目 = r.Entry.ItemName,
                类别 = PointsNames.KindName(r.Entry.Kind), 分值 = r.Entry.Points, 来源 = PointsNames.SourceName(r.Entry.Source),
                证明人 = r.Entry.Witness,
                状态 = PointsNames.StatusName(r.Entry.Status), 审核意见 = r.Entry.ReviewReason,
            });
            return await Spreadsheets.FileAsync(sheet, "points-entries.xlsx", ct);
        }
        return TypedResults.Ok(await ordered.ToPageAsync(paging, PointsEntries.ToResponse, ct));
    }

    private static async Task<Ok<EntryResponse>> Review(Guid id, ReviewEntryRequest r, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await PointsEntries.ReviewAsync(services, id, r, ct));

    private static async Task<Created<EntryResponse>> Correct(Guid id, CorrectEntryRequest r, [AsParameters] MembersServices services,
        CancellationToken ct)
    {
        var created = await PointsEntries.CorrectAsync(services, id, r, ct);
        return TypedResults.Created($"/api/members/points/entries/{created.Id}", created);
    }

    private static async Task<Ok<LedgerResponse>> Ledger(Guid memberId, int? year, [AsParameters] MembersServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await PointsEntries.LedgerAsync(services, memberId, year, ct));

    private static async Task<Ok<Page<RankingRow>>> Ranking(Guid? branchId, int? year, int? page, int? pageSize,
        [AsParameters] MembersServices services, CancellationToken ct)
    {
        if (!(services.User.IsCounty() || services.User.IsInRole(PartyRoles.Township)))
            throw new DomainException("auth.supervisors_only", "积分排名是乡镇党委和县委组织部的督导工具，党支部不可查看。", 403);
        new Validator().Check(branchId is not null, "branchId", "请指定党支部。").ThrowIfInvalid();
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var branch = await MemberLookup.UnitInScopeAsync(services.Db, services.Scope, branchId!.Value, ct);
        var rows = await YearEndClose.RankingAsync(services.Db, branch.Id, year ?? services.Clock.Today().Year, ct);
        return TypedResults.Ok(new Page<RankingRow>(rows.Skip(skip).Take(take).ToList(), p, size, rows.Count));
    }

    private static async Task<Ok<Page<AuditEntry>>> Audit(string? entity, string? entityId, int? page, int? pageSize,
        [AsParameters] MembersServices services, CancellationToken ct) =>
        TypedResults.Ok(await services.Db.PageInScopeAsync(await services.Scope.CallerPathOrNothingAsync(ct), entity, entityId, page,
            pageSize, ct));
}
