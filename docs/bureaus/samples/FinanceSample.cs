using System.Text.Json;

namespace BureauSamples;

public static class FinanceSample
{
    /// <summary>财政局拉取已审定、待支付的补助核算单，支付后逐张确认；返回确认的张数。</summary>
    public static async Task<int> ConfirmApprovedStatementsAsync(
        string gateway, string clientId, string clientSecret, string referencePrefix)
    {
        using var http = await BureauClient.ConnectAsync(gateway, clientId, clientSecret, "finance.payments");
        var payable = await BureauClient.SendAsync(http, HttpMethod.Get, "/api/v1/resident-cadres/payments?status=approved&pageSize=50");
        var confirmed = 0;
        foreach (var statement in payable.GetProperty("items").EnumerateArray())
        {
            // 此处调用本部门的支付系统；凭证号即支付凭证编号。
            var id = statement.GetProperty("id").GetGuid();
            await BureauClient.SendAsync(http, HttpMethod.Post, $"/api/v1/resident-cadres/payments/{id}/confirm",
                new { reference = $"{referencePrefix}-{++confirmed}" });
        }
        return confirmed;
    }
}
