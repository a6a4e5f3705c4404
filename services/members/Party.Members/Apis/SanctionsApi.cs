using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Contracts.Members;
using Party.Members.Application;
using Party.Members.Data;
using Party.Members.Domain.Identity;
using Party.Members.Domain.Members;
using Party.Members.Domain.Sanctions;
using Party.Messaging;
using Party.Persistence;
using Party.Persistence.Audit;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Apis;

/// <summary>
/// Identify the member by <c>memberId</c> or by <c>citizenId</c> (exactly one). The member and the
/// decision number (处分决定文号) are the sanction's natural key: the same decision reported again,
/// under any Idempotency-Key, answers with the first record.
/// </summary>
public sealed record ReportSanctionRequest(SanctionKind? Kind, DateOnly? DecidedOn, string? DecisionNumber, [FreeText] string? Reason,
    Guid? MemberId = null, string? CitizenId = null);

public sealed record SanctionResponse(Guid Id, Guid MemberId, string MemberName, Guid BranchId, SanctionKind Kind, DateOnly DecidedOn,
    string? DecisionNumber, string Reason, decimal? PointsDeduction, bool IsVeto, MemberStatus MemberStatus, DateTimeOffset ReportedAt);

/// <summary>Discipline sanctions (党纪处分) reported by the discipline commission (纪委) through the bureau API (§3.3, §7).</summary>
public static class SanctionsApi
{
    public const string ReportScope = "discipline.report";

    public static IEndpointRouteBuilder MapSanctionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/members/sanctions").WithTags("Sanctions");
        group.MapPost("/", Report).RequireScope(ReportScope).WithName("ReportSanction")
            .WithNaturalKey("memberId|citizenId", "decisionNumber")
            .WithSummary("纪委报送党纪处分（须带 Idempotency-Key）：警告 −10、严重警告 −20，撤销党内职务/留党察看/开除党籍一票否决，开除党籍同时变更状态。")
            .WithExamples(
                new ReportSanctionRequest(SanctionKind.SeriousWarning, new DateOnly(2026, 3, 2), "县纪发〔2026〕7号", "违反工作纪律，在脱贫攻坚项目验收中弄虚作假",
                    MemberId: Guid.Parse("5b1d3c2a-7e4f-4a60-9c8b-1d2e3f4a5b6c")),
                new SanctionResponse(Guid.Parse("9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"), Guid.Parse("5b1d3c2a-7e4f-4a60-9c8b-1d2e3f4a5b6c"),
                "王建国",
                    Guid.Parse("2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f"), SanctionKind.SeriousWarning, new DateOnly(2026, 3, 2),
                    "县纪发〔2026〕7号",
                    "违反工作纪律，在脱贫攻坚项目验收中弄虚作假", -20m, false, MemberStatus.Active,
                    new DateTimeOffset(2026, 3, 3, 10, 15, 0, TimeSpan.FromHours(8))));
        group.MapGet("/", List).WithName("ListSanctions").WithSummary("管辖范围内的党纪处分记录。");
        group.MapGet("/{id:guid}", Get).WithName("GetSanction").WithSummary("查看一条党纪处分记录。");
        return app;
    }

    private static async Task<Results<Created<SanctionResponse>, Ok<SanctionResponse>>> Report(ReportSanctionRequest r,
        [AsParameters] MembersServices services, CancellationToken ct)
    {
        var (sanction, created) = await SanctionReports.ReportAsync(services, r, ct);
        if (created) return TypedResults.Created($"/api/members/sanctions/{sanction.Id}", sanction);
        return TypedResults.Ok(sanction);
    }

    private static async Task<Ok<Page<SanctionResponse>>> List(Guid? memberId, int? page, int? pageSize,
        [AsParameters] MembersServices services, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = from s in services.Db.Set<Sanction>().AsNoTracking()
                    join m in services.Db.Set<Member>() on s.MemberId equals m.Id
                    where s.OrgPath.StartsWith(prefix)
                    select new { s, m };
        if (memberId is { } mid) query = query.Where(x => x.s.MemberId == mid);
        return TypedResults.Ok(await query.OrderByDescending(x => x.s.ReportedAt)
            .ToPageAsync(paging, x => SanctionReports.ToResponse(x.s, x.m), ct));
    }

    private static async Task<Ok<SanctionResponse>> Get(Guid id, [AsParameters] MembersServices services, CancellationToken ct)
    {
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var row = await (from s in services.Db.Set<Sanction>().AsNoTracking()
                         join m in services.Db.Set<Member>() on s.MemberId equals m.Id
                         where s.Id == id && s.OrgPath.StartsWith(prefix)
                         select new { s, m }).FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound("sanctions");
        return TypedResults.Ok(SanctionReports.ToResponse(row.s, row.m));
    }
}
