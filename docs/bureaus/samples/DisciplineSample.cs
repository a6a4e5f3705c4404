using System.Text.Json;

namespace BureauSamples;

public static class DisciplineSample
{
    /// <summary>纪委报送一项处分，返回记入的处分（含扣减的积分 pointsDeduction 和是否一票否决 isVeto）。</summary>
    public static async Task<JsonElement> ReportSanctionAsync(string gateway, string clientId, string clientSecret, Guid memberId)
    {
        using var http = await BureauClient.ConnectAsync(gateway, clientId, clientSecret, "discipline.report");
        return await BureauClient.SendAsync(http, HttpMethod.Post, "/api/v1/members/sanctions", new
        {
            memberId, kind = "seriousWarning", decidedOn = "2026-03-16", decisionNumber = "县纪发〔2026〕9号", reason = "违反群众纪律",
        });
    }
}
