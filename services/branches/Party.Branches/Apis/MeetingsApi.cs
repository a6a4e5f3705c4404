using Microsoft.AspNetCore.Http.HttpResults;
using Party.Branches.Application;
using Party.Branches.Domain.Meetings;
using Party.Common;
using Party.Persistence;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Apis;

/// <summary>三会一课 and theme party days (主题党日): meeting records with attendance and the compliance report.</summary>
public static class MeetingsApi
{
    public static IEndpointRouteBuilder MapMeetingsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/branches/meetings").WithTags("Meetings");
        g.MapPost("/", Record).RequireRole(PartyRoles.Branch, PartyRoles.Township, PartyRoles.County)
            .WithName("RecordMeeting").WithSummary("登记一次三会一课或主题党日（含出席、请假、无故缺席），发布 BranchMeetingHeld。");
        g.MapGet("/", List).WithName("ListMeetings").WithSummary("分页列出管辖范围内的会议记录。");
        g.MapGet("/compliance", Compliance).WithName("MeetingCompliance")
            .WithSummary("三会一课落实情况：按支部统计某年、某季度或某月是否达标。");
        g.MapGet("/compliance.xlsx", ComplianceExcel).ProducesSheet().WithName("MeetingComplianceExcel").WithSummary("三会一课落实情况导出为 Excel。");
        g.MapGet("/{id:guid}", Get).WithName("GetMeeting").WithSummary("查看一次会议记录。");
        return app;
    }

    private static async Task<Created<MeetingResponse>> Record(RecordMeetingRequest request, [AsParameters] BranchesServices services,
        CancellationToken ct)
    {
        var meeting = await MeetingRecords.RecordAsync(services, request, ct);
        return TypedResults.Created($"/api/branches/meetings/{meeting.Id}", meeting);
    }

    private static async Task<Ok<MeetingResponse>> Get(Guid id, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await MeetingRecords.GetAsync(services, id, ct));

    private static async Task<Ok<Page<MeetingResponse>>> List(Guid? branchId, [QueryEnum(typeof(MeetingKind))] string? kind, DateOnly? from,
        DateOnly? to, int? page, int? pageSize, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await MeetingRecords.ListAsync(services, branchId, kind, from, to, page, pageSize, ct));

    private static async Task<Ok<ComplianceReport>> Compliance(int? year, int? quarter, int? month, bool? onlyNonCompliant, Guid? under,
        int? page, int? pageSize, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await ComplianceReports.ReportAsync(services, year, quarter, month, onlyNonCompliant, under, page, pageSize, ct));

    /// <summary>Every branch of the caller's subtree in one sheet (a county is ~1,000 rows; the sheet stops at 100,000).</summary>
    private static async Task<FileContentHttpResult> ComplianceExcel(int? year, int? quarter, int? month, bool? onlyNonCompliant,
        [AsParameters] BranchesServices services, CancellationToken ct)
    {
        var (period, rows) = await ComplianceReports.SheetRowsAsync(services, year, quarter, month, onlyNonCompliant, ct);
        var sheet = rows.Select(r => new Dictionary<string, object?>
        {
            ["组织代码"] = r.BranchCode, ["党组织"] = r.BranchName, ["支委会(月)"] = r.CommitteeMonths, ["党小组会(月)"] = r.GroupMonths,
            ["主题党日(月)"] = r.ThemeDayMonths, ["党员大会(季)"] = r.GeneralMeetingQuarters, ["党课(季)"] = r.LectureQuarters,
            ["应开月数"] = r.RequiredMonths, ["应开季数"] = r.RequiredQuarters, ["主题党日非15日"] = r.ThemeDaysOffThe15th, ["缺项"] = r.MissingSlots,
            ["达标"] = r.Compliant ? "是" : "否",
        }).ToList();
        return await Spreadsheets.FileAsync(sheet, $"meeting-compliance-{period.Year}.xlsx", ct, "三会一课");
    }
}
