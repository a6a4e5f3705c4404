namespace Party.Branches.Apis;

public static class BranchesApis
{
    /// <summary>Every endpoint of the branches service, resource by resource.</summary>
    public static IEndpointRouteBuilder MapBranchesApis(this IEndpointRouteBuilder app)
    {
        app.MapOrgUnitsApi();
        app.MapPoliciesApi();
        app.MapRatingsApi();
        app.MapSubsidiesApi();
        app.MapMeetingsApi();
        app.MapDevelopmentApi();
        app.MapWeakDesignationsApi();
        app.MapSecretariesApi();
        app.MapReserveCadresApi();
        app.MapVillageWorkApi();
        return app;
    }
}
