// 县直部门客户端（C#，只用 .NET 自带的类库）：用客户端凭据（client credentials）取令牌，之后每个请求带上令牌。
// 复制到本部门的程序中使用；测试套件编译并运行的就是这份代码。
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BureauSamples;

public static class BureauClient
{
    /// <summary>取令牌（30 分钟有效），返回已带令牌、以网关为地址的 HttpClient。</summary>
    public static async Task<HttpClient> ConnectAsync(string gateway, string clientId, string clientSecret, string scope)
    {
        var http = new HttpClient { BaseAddress = new Uri(gateway) };
        using var answer = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = clientSecret, ["scope"] = scope,
        }));
        answer.EnsureSuccessStatusCode();
        var token = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>
    /// 发送一个请求并返回应答正文。写操作带新的 Idempotency-Key（重试同一操作时应使用同一个值）。
    /// 错误应答是 problem details：抛出的异常中带 code 和中文 detail。
    /// </summary>
    public static async Task<JsonElement> SendAsync(HttpClient http, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }
        using var answer = await http.SendAsync(request);
        var text = await answer.Content.ReadAsStringAsync();
        if (!answer.IsSuccessStatusCode) throw new HttpRequestException($"{method} {path} → {(int)answer.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
