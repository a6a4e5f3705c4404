using Party.Portal.Api;

namespace Party.Portal.Components.County;

/// <summary>The counts the home page shows for the county's and townships' work on nominations and stipend statements.</summary>
public static class CountyTodos
{
    /// <summary>Nominations still in joint review (联审中): the county approves them, the township follows them.</summary>
    public static Task<long> NominationsInReviewAsync(GatewayApi api) =>
        api.CountAsync<NominationSummary>("api/honors/nominations?status=underReview");

    /// <summary>
    /// Statements waiting for this office's step (the township's check or the county's approval) in the closes of this year and
    /// last (December is closed in January).
    /// </summary>
    public static async Task<int> StatementsToApproveAsync(GatewayApi api, bool county, DateOnly today)
    {
        var years = await Task.WhenAll(new[] { today.Year - 1, today.Year }
            .Select(year => api.AllAsync<MonthClose>($"api/resident-cadres/closes?year={year}")));
        return years.SelectMany(closes => closes).Sum(c => county ? c.PendingCounty : c.PendingTownship);
    }
}
