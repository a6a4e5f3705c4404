using Microsoft.AspNetCore.Http.HttpResults;
using Party.Branches.Application;
using Party.Branches.Domain.Development;
using Party.Common;
using Party.Persistence;
using Party.ServiceDefaults.Problems;

namespace Party.Branches.Apis;

public sealed record DevelopmentWarningRow(Guid BranchId, string BranchCode, string BranchName, DateOnly? LastAdmittedOn,
    WarningLevel Level, DateOnly? LastYoungAdmittedOn, bool YoungMemberOverdue);
public sealed record ThreeYearRow(Guid BranchId, string BranchCode, string BranchName, int FirstYear, int[] Admissions, bool Blank,
    bool Clustered);

/// <summary>Member-development warnings (发展党员预警) for village branches, from admissions received as <c>MemberStageChanged</c>.</summary>
public static class DevelopmentApi
{
    public static IEndpointRouteBuilder MapDevelopmentApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/branches/development").WithTags("Development");
        g.MapGet("/warnings", Warnings).WithName("DevelopmentWarnings")
            .WithSummary("各村距上次发展党员的年限：满 1 年提醒、满 2 年约谈、满 3 年整改；两年内未发展 35 岁以下党员的标出。");
        g.MapGet("/three-year-table", ThreeYearTable).WithName("DevelopmentThreeYearTable")
            .WithSummary("三年发展统计表：三年未发展的“空白村”与某年超过全县年度标准的“扎堆村”。");
        g.MapGet("/three-year-table.xlsx", ThreeYearTableExcel).ProducesSheet().WithName("DevelopmentThreeYearTableExcel")
            .WithSummary("三年发展统计表导出为 Excel。");
        return app;
    }

    private static async Task<FileContentHttpResult> ThreeYearTableExcel([EarliestYear(2002)] int? toYear, bool? flaggedOnly,
        [AsParameters] BranchesServices services, CancellationToken ct)
    {
        var rows = await DevelopmentReports.ThreeYearSheetRowsAsync(services, toYear, flaggedOnly, ct);
        var first = rows.FirstOrDefault()?.FirstYear ?? (toYear ?? services.Clock.Today().Year) - 2;
        return await ApiSupport.ExcelAsync(rows.Select(r => new Dictionary<string, object?>
        {
            ["组织代码"] = r.BranchCode, ["村党支部"] = r.BranchName, [$"{first}年"] = r.Admissions[0], [$"{first + 1}年"] = r.Admissions[1],
            [$"{first + 2}年"] = r.Admissions[2], ["空白村"] = r.Blank ? "是" : "否", ["扎堆发展"] = r.Clustered ? "是" : "否",
        }), "三年发展统计", $"development-{first}-{first + 2}.xlsx", ct);
    }

    private static async Task<Ok<Page<DevelopmentWarningRow>>> Warnings(DateOnly? asOf, [QueryEnum(typeof(WarningLevel))] string? minLevel,
        bool? youngOverdueOnly, int? page, int? pageSize, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await DevelopmentReports.WarningsAsync(services, asOf, minLevel, youngOverdueOnly, page, pageSize, ct));

    private static async Task<Ok<Page<ThreeYearRow>>> ThreeYearTable([EarliestYear(2002)] int? toYear, bool? flaggedOnly, int? page,
        int? pageSize, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await DevelopmentReports.ThreeYearTableAsync(services, toYear, flaggedOnly, page, pageSize, ct));
}
