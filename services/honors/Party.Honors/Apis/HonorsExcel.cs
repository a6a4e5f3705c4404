using Microsoft.EntityFrameworkCore;
using Party.Common;
using Party.Honors.Data;
using Party.Honors.Domain.HonorTypes;
using Party.Honors.Domain.ModelDatabase;
using Party.Honors.Domain.Nominations;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Honors.Apis;

/// <summary>Office lists as .xlsx (MiniExcel) with Chinese column headers, filtered like their JSON lists.</summary>
public static class HonorsExcel
{
    /// <summary>A county's honors for a year are a few hundred rows; the cap keeps a province-wide request bounded.</summary>
    public const int MaxRows = 50_000;

    public static IEndpointRouteBuilder MapHonorsExcel(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/honors/nominations/export.xlsx", Nominations).ProducesSheet().WithTags("Nominations").WithName("ExportNominations")
            .WithSummary("推荐名单导出为 Excel（管辖范围内，可按状态、类别、年度筛选）。");
        app.MapGet("/api/honors/awards/export.xlsx", Awards).ProducesSheet().WithTags("ModelDatabase").WithName("ExportAwards")
            .WithSummary("荣誉台账导出为 Excel（管辖范围内，可按年度、状态筛选）。");
        return app;
    }

    private static async Task<IResult> Nominations([QueryEnum(typeof(NominationStatus))] string? status, string? type, int? year,
        [AsParameters] HonorsServices services, CancellationToken ct)
    {
        var db = services.Db;
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = db.Nominations.AsNoTracking().Where(n => n.OrgPath.StartsWith(prefix));
        if (QueryEnums.Parse<NominationStatus>(status, "status") is { } st) query = query.Where(n => n.Status == st);
        if (!string.IsNullOrWhiteSpace(type)) query = query.Where(n => n.HonorTypeCode == type);
        if (year is not null) query = query.Where(n => n.Year == year);
        var rows = await query.OrderBy(n => n.NominatedAt).Take(MaxRows + 1)
            .Select(n => new
            {
                n.Id, n.Year, n.Month, n.SubjectName, n.Status, n.NoticeStartsOn, n.NoticeEndsOn, n.Batch, n.RejectionReason,
                Honor = db.HonorTypes.Where(t => t.Code == n.HonorTypeCode).Select(t => t.Name).First(),
                Unit = db.OrgUnits.Where(u => u.Id == n.OrgUnitId).Select(u => u.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        EnsureBounded(rows.Count);
        return await Spreadsheets.FileAsync(rows.Select(n => new Dictionary<string, object?>
        {
            ["推荐编号"] = n.Id.ToString(), ["年度"] = n.Year, ["月份"] = n.Month, ["荣誉"] = n.Honor, ["对象"] = n.SubjectName, ["所属组织"] = n.Unit,
            ["状态"] = StatusName(n.Status), ["公示开始"] = n.NoticeStartsOn?.ToString("yyyy-MM-dd"),
            ["公示结束"] = n.NoticeEndsOn?.ToString("yyyy-MM-dd"), ["表彰批次"] = n.Batch, ["不予通过理由"] = n.RejectionReason,
        }), $"nominations{(year is null ? "" : "-" + year)}.xlsx", ct);
    }

    private static async Task<IResult> Awards([EarliestYear(1949)] int? year, [QueryEnum(typeof(AwardStatus))] string? status,
        [AsParameters] HonorsServices services, CancellationToken ct)
    {
        var db = services.Db;
        var prefix = await services.Scope.CallerPathOrNothingAsync(ct);
        var query = db.Awards.AsNoTracking().Where(a => a.OrgPath.StartsWith(prefix));
        if (year is not null) query = query.Where(a => a.Year == year);
        if (QueryEnums.Parse<AwardStatus>(status, "status") is { } st) query = query.Where(a => a.Status == st);
        var rows = await query.OrderBy(a => a.AwardedAt).Take(MaxRows + 1)
            .Select(a => new { a, Unit = db.OrgUnits.Where(u => u.Id == a.OrgUnitId).Select(u => u.Name).FirstOrDefault() })
            .ToListAsync(ct);
        EnsureBounded(rows.Count);
        return await Spreadsheets.FileAsync(rows.Select(r => new Dictionary<string, object?>
        {
            ["荣誉编号"] = r.a.Id.ToString(), ["年度"] = r.a.Year, ["荣誉"] = r.a.HonorName, ["层级"] = LevelName(r.a.Level),
            ["对象"] = r.a.SubjectName,
            ["所属组织"] = r.Unit, ["批次/授予机关"] = r.a.Batch, ["外部荣誉"] = r.a.External ? "是" : "否", ["状态"] = AwardStatusName(r.a.Status),
            ["整改期限"] = r.a.RectificationDeadline?.ToString("yyyy-MM-dd"), ["撤销理由"] = r.a.RevocationReason,
        }), $"awards{(year is null ? "" : "-" + year)}.xlsx", ct);
    }

    private static void EnsureBounded(int count)
    {
        if (count > MaxRows)
            throw new DomainException("export.too_large", $"导出超过 {MaxRows} 行，请按年度或状态筛选后分批导出。", 400);
    }

    private static string StatusName(NominationStatus s) => s switch
    {
        NominationStatus.UnderReview => "联审中", NominationStatus.OnNotice => "公示中", NominationStatus.Awarded => "已表彰", _ => "不予通过",
    };

    private static string AwardStatusName(AwardStatus s) => s switch
    {
        AwardStatus.Active => "有效", AwardStatus.Downgraded => "降格整改", _ => "已撤销",
    };

    private static string LevelName(HonorLevel l) => l switch
    {
        HonorLevel.County => "县级", HonorLevel.City => "市级", HonorLevel.Province => "省级", _ => "国家级",
    };
}
