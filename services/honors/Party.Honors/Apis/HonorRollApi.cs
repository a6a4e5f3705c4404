using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Party.Honors.Application;
using Party.Honors.Domain.HonorTypes;
using Party.ServiceDefaults.Problems;

namespace Party.Honors.Apis;

/// <summary>One line of the public honor roll: nothing that identifies a person beyond the name (no ID number, no phone).</summary>
public sealed record RollEntry(Guid AwardId, string Name, SubjectKind SubjectKind, string HonorName, HonorLevel Level, int Year,
    string Batch, string OrgUnitName, string? DeedsSummary, string? PhotoUrl);
public sealed record RollPage(Guid OrgUnitId, string OrgUnitName, int Year, IReadOnlyList<RollEntry> Items, int PageNumber, int PageSize,
    long Total);

public static class HonorRollApi
{
    public static IEndpointRouteBuilder MapHonorRollApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/honors/roll", Roll).AllowAnonymous().WithTags("HonorRoll").WithName("HonorRoll")
            .Produces<RollPage>()
            .WithSummary("光荣榜（无需登录）：某组织及其下级在某年度现有、未撤销的荣誉；只含姓名、荣誉、事迹摘要和照片。");
        return app;
    }

    private static async Task<IResult> Roll(Guid? org, [EarliestYear(1949)] int? year, int? page, int? pageSize,
        [AsParameters] HonorsServices services, IOptions<JsonOptions> json, CancellationToken ct)
    {
        new Validator()
            .Check(org is not null && org != Guid.Empty, "org", "请指明组织编号（org）。")
            .ThrowIfInvalid();
        var body = await HonorRollPages.ReadAsync(services, org!.Value, year, page, pageSize, json.Value.SerializerOptions, ct);
        return TypedResults.Text(body, "application/json; charset=utf-8");
    }
}
