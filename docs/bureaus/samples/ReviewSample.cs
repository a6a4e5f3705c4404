using System.Text.Json;

namespace BureauSamples;

public static class ReviewSample
{
    /// <summary>联审部门对一条推荐给出意见（pass 通过 / objection 异议），返回推荐及全部联审意见。</summary>
    public static async Task<JsonElement> GiveOpinionAsync(string gateway, string clientId, string clientSecret, Guid nominationId)
    {
        using var http = await BureauClient.ConnectAsync(gateway, clientId, clientSecret, "honors.review");
        return await BureauClient.SendAsync(http, HttpMethod.Post, $"/api/v1/honors/nominations/{nominationId}/opinions",
            new { verdict = "pass", comment = "经查，无违法违纪记录。" });
    }
}
