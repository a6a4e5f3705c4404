namespace Party.Members.Apis;

public static class PointsApi
{
    /// <summary>Points (党员积分化管理, §3.3): rules, templates, schemes, entries, half-years, year-end close.</summary>
    public static IEndpointRouteBuilder MapPointsApi(this IEndpointRouteBuilder app) =>
        app.MapPointsSchemesApi().MapPointsEntriesApi().MapPointsHalfYearApi().MapPointsYearEndApi();
}
