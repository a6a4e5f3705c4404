using Microsoft.AspNetCore.Http.HttpResults;
using Party.Branches.Application;
using Party.Persistence;
using Party.ServiceDefaults.Auth;

namespace Party.Branches.Apis;

/// <summary>The rest of §4.8: monthly observation with ranking, demonstration sites with quotas, pairing log, collective income.</summary>
public static class VillageWorkApi
{
    public static IEndpointRouteBuilder MapVillageWorkApi(this IEndpointRouteBuilder app)
    {
        var obs = app.MapGroup("/api/branches/observations").WithTags("Observations");
        obs.MapPost("/", RecordObservation).RequireRole(PartyRoles.County).WithName("RecordObservation")
            .WithSummary("逐村观摩：县委组织部录入当月观摩乡镇各村六项基本建设得分（每项 0–10 分）。");
        obs.MapGet("/{year:int}/{month:int}", Ranking).WithName("ObservationRanking")
            .WithSummary("某月观摩排名与分类（一类/二类/三类各三分之一）。");

        var sites = app.MapGroup("/api/branches/demonstration-sites").WithTags("DemonstrationSites");
        sites.MapPost("/", DesignateSite).RequireRole(PartyRoles.County).WithName("DesignateDemonstrationSite")
            .WithSummary("确定示范点（农村每乡镇至多 2 个）。");
        sites.MapGet("/", ListSites).WithName("ListDemonstrationSites").WithSummary("分页列出示范点。");
        sites.MapGet("/quota", SiteQuota).RequireRole(PartyRoles.County).WithName("DemonstrationSiteQuota")
            .WithSummary("全县各领域示范点数量与最低要求（社区≥4、国企≥2、两新≥5、机关≥8、学校≥2）。");

        var pairs = app.MapGroup("/api/branches/pairings").WithTags("Pairings");
        pairs.MapPost("/", CreatePairing).RequireRole(PartyRoles.Township, PartyRoles.County).WithName("CreatePairing")
            .WithSummary("建立结对共建关系。");
        pairs.MapPost("/{id:guid}/activities", LogActivity).RequireRole(PartyRoles.Branch, PartyRoles.Township, PartyRoles.County)
            .WithName("LogPairingActivity").WithSummary("登记一次共建活动。");
        pairs.MapGet("/{id:guid}", GetPairing).WithName("GetPairing").WithSummary("查看结对及活动记录。");
        pairs.MapGet("/", ListPairings).WithName("ListPairings").WithSummary("分页列出管辖范围内的结对。");

        app.MapPut("/api/branches/collective-income/{branchId:guid}/{year:int}", SetCollectiveIncome)
            .RequireRole(PartyRoles.Branch, PartyRoles.Township, PartyRoles.County)
            .WithTags("CollectiveIncome").WithName("SetCollectiveIncome").WithSummary("录入村集体经济年收入（更正保留记录）。");
        app.MapGet("/api/branches/collective-income", ListCollectiveIncome).WithTags("CollectiveIncome")
            .WithName("ListCollectiveIncome").WithSummary("分页列出某年度村集体经济收入。");
        return app;
    }

    private static async Task<Ok<ObservationResponse>> RecordObservation(RecordObservationRequest r,
        [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await Observations.RecordAsync(services, r, ct));

    private static async Task<Ok<ObservationResponse>> Ranking(int year, int month, [AsParameters] BranchesServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await Observations.RankingAsync(services, year, month, ct));

    private static async Task<Created<SiteResponse>> DesignateSite(DesignateSiteRequest r, [AsParameters] BranchesServices services,
        CancellationToken ct)
    {
        var site = await DemonstrationSites.DesignateAsync(services, r, ct);
        return TypedResults.Created($"/api/branches/demonstration-sites?year={site.Year}", site);
    }

    private static async Task<Ok<Page<SiteResponse>>> ListSites(int? year, int? page, int? pageSize,
        [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await DemonstrationSites.ListAsync(services, year, page, pageSize, ct));

    private static async Task<Ok<List<SiteQuotaRow>>> SiteQuota(int? year, [AsParameters] BranchesServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await DemonstrationSites.QuotaAsync(services, year, ct));

    private static async Task<Created<PairingResponse>> CreatePairing(CreatePairingRequest r, [AsParameters] BranchesServices services,
        CancellationToken ct)
    {
        var pairing = await Pairings.CreateAsync(services, r, ct);
        return TypedResults.Created($"/api/branches/pairings/{pairing.Id}", pairing);
    }

    private static async Task<Ok<PairingResponse>> LogActivity(Guid id, PairingActivityRequest r, [AsParameters] BranchesServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await Pairings.LogActivityAsync(services, id, r, ct));

    private static async Task<Ok<PairingResponse>> GetPairing(Guid id, [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await Pairings.GetAsync(services, id, ct));

    private static async Task<Ok<Page<PairingResponse>>> ListPairings(int? page, int? pageSize, [AsParameters] BranchesServices services,
        CancellationToken ct) =>
        TypedResults.Ok(await Pairings.ListAsync(services, page, pageSize, ct));

    private static async Task<Ok<CollectiveIncomeRow>> SetCollectiveIncome(Guid branchId, int year, CollectiveIncomeRequest r,
        [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await CollectiveIncomes.SetAsync(services, branchId, year, r, ct));

    private static async Task<Ok<Page<CollectiveIncomeRow>>> ListCollectiveIncome(int? year, int? page, int? pageSize,
        [AsParameters] BranchesServices services, CancellationToken ct) =>
        TypedResults.Ok(await CollectiveIncomes.ListAsync(services, year, page, pageSize, ct));
}
