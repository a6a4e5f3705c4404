using Microsoft.AspNetCore.Http.HttpResults;
using Party.Branches.Application;
using Party.Branches.Domain.Secretaries;
using Party.Persistence;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.Common;

namespace Party.Branches.Apis;

/// <summary>Village party secretaries (村党支部书记): one file each, appointment checks, remuneration, exits.</summary>
public static class SecretariesApi
{
    public static IEndpointRouteBuilder MapSecretariesApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/branches/secretaries").WithTags("Secretaries");
        g.MapPost("/", Appoint).RequireRole(PartyRoles.Township, PartyRoles.County)
            .WithName("AppointSecretary")
            .WithSummary("建立书记档案并做任职资格审查（新任 ≤55 岁且高中/中专以上，连任 ≤65 岁；不符须写明理由报县委组织部审批）。");
        g.MapGet("/", List).WithName("ListSecretaries").WithSummary("分页列出管辖范围内的书记档案。");
        g.MapGet("/export.xlsx", Export).ProducesSheet().WithName("ExportSecretaries").WithSummary("书记花名册导出为 Excel。");
        g.MapGet("/remuneration", Remuneration).WithName("SecretaryRemuneration")
            .WithSummary("某年度在任书记报酬：上年全县农村人均纯收入 × 2，上年五星且完成重点任务再上浮 10%。");
        g.MapGet("/{id:guid}", Get).WithName("GetSecretary").WithSummary("查看一人一档。");
        g.MapPost("/{id:guid}/exception", DecideException).RequireRole(PartyRoles.County)
            .WithName("DecideSecretaryException").WithSummary("县委组织部审批任职资格例外。");
        g.MapPost("/{id:guid}/exit", Exit).RequireRole(PartyRoles.County)
            .WithName("SecretaryExit").WithSummary("记录诫勉、责令辞职、免职、退职或任期届满。");
        g.MapPost("/{id:guid}/appraisals", Appraise).RequireRole(PartyRoles.Township, PartyRoles.County)
            .WithName("AppraiseSecretary").WithSummary("记录年度目标考核等次和述职。");
        app.MapPut("/api/branches/county-income/{year:int}", SetCountyIncome).RequireRole(PartyRoles.County).WithTags("Secretaries")
            .WithName("SetCountyIncome").WithSummary("县委组织部录入某年度全县农村居民人均纯收入（用于次年书记报酬）。");
        return app;
    }

    private static async Task<Created<SecretaryResponse>> Appoint(AppointSecretaryRequest r, [AsParameters] BranchesServices services,
        CancellationToken ct)
    {
        var secretary = await SecretaryFiles.AppointAsync(services, r, ct);
        return TypedResults.Created($"/api/branches/secretaries/{secretary.Id}", secretary);
    }

    private static async Task<Ok<SecretaryResponse>> Get(Guid id, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await SecretaryFiles.GetAsync(services, id, ct));

    private static async Task<Ok<Page<SecretaryResponse>>> List([QueryEnum(typeof(SecretaryStatus))] string? status, Guid? branchId,
        int? page, int? pageSize, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await SecretaryFiles.ListAsync(services, status, branchId, page, pageSize, ct));

    private static async Task<FileContentHttpResult> Export([QueryEnum(typeof(SecretaryStatus))] string? status,
        [AsParameters] BranchesServices services, CancellationToken ct)
    {
        var rows = await SecretaryFiles.RosterAsync(services, status, ct);
        return await ApiSupport.ExcelAsync(rows.Select(x => new Dictionary<string, object?>
        {
            ["村党支部"] = x.BranchName, ["姓名"] = x.Secretary.Name, ["出生日期"] = x.Secretary.BirthDate.ToString("yyyy-MM-dd"),
            ["学历"] = x.Secretary.Education.ToString(), ["一肩挑"] = x.Secretary.AlsoVillageChair ? "是" : "否",
            ["任职日期"] = x.Secretary.AppointedOn.ToString("yyyy-MM-dd"), ["状态"] = x.Secretary.Status.ToString(),
            ["资格例外"] = x.Secretary.ExceptionReason, ["离任方式"] = x.Secretary.ExitKind?.ToString(),
            ["离任日期"] = x.Secretary.ExitedOn?.ToString("yyyy-MM-dd"),
        }), "书记花名册", "secretaries.xlsx", ct);
    }

    private static async Task<Ok<SecretaryResponse>> DecideException(Guid id, DecideExceptionRequest r,
        [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await SecretaryFiles.DecideExceptionAsync(services, id, r, ct));

    private static async Task<Ok<SecretaryResponse>> Exit(Guid id, SecretaryExitRequest r, [AsParameters] BranchesServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await SecretaryFiles.ExitAsync(services, id, r, ct));

    private static async Task<Ok<SecretaryResponse>> Appraise(Guid id, AppraisalRequest r, [AsParameters] BranchesServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await SecretaryFiles.AppraiseAsync(services, id, r, ct));

    private static async Task<Ok<CountyIncome>> SetCountyIncome(int year, CountyIncomeRequest r, [AsParameters] BranchesServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await SecretaryPay.SetCountyIncomeAsync(services, year, r, ct));

    private static async Task<Ok<Page<RemunerationRow>>> Remuneration([EarliestYear(2001)] int? year, int? page, int? pageSize,
        [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await SecretaryPay.RemunerationAsync(services, year, page, pageSize, ct));
}
