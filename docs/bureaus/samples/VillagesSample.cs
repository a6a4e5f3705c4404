using System.Text.Json;

namespace BureauSamples;

public static class VillagesSample
{
    /// <summary>农业农村局报送一个村某年度的脱贫数据，返回该村的驻村数据。</summary>
    public static async Task<JsonElement> ReportPovertyDataAsync(
        string gateway, string clientId, string clientSecret, Guid villageId, int year)
    {
        using var http = await BureauClient.ConnectAsync(gateway, clientId, clientSecret, "villages.report");
        return await BureauClient.SendAsync(http, HttpMethod.Put, $"/api/v1/resident-cadres/villages/{villageId}/poverty-data", new
        {
            year, registeredPoorVillage = false, poorHouseholds = 3, povertyIncidencePercent = 0.8m,
        });
    }
}
