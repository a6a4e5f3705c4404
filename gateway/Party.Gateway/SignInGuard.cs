using System.Globalization;
using Microsoft.Extensions.Options;

namespace Party.Gateway;

/// <summary>
/// Brute force on the token endpoint (client secrets) and the sign-in page (passwords): failed attempts are counted per
/// client address in Redis, shared by every gateway replica; once an address has failed
/// <see cref="GatewayOptions.SignInFailures"/> times in the window, its further attempts get 429 until the window
/// ends. Successful requests are not counted. (The identity service also locks an account after 5 failed sign-ins.)
/// </summary>
public sealed class SignInGuardMiddleware(RequestDelegate next, RedisWindowCounter counter, IOptionsMonitor<GatewayOptions> options)
{
    private const string Policy = "sign-in-failures";

    public static bool Guards(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method)
        && (http.Request.Path.Equals("/connect/token", StringComparison.OrdinalIgnoreCase)
            || http.Request.Path.Equals("/account/login", StringComparison.OrdinalIgnoreCase));

    public async Task InvokeAsync(HttpContext http)
    {
        var settings = options.CurrentValue.SignInFailures;
        var client = "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        var seen = await counter.PeekAsync(Policy, client, settings);
        if (!seen.Allowed)
        {
            http.Response.Headers.RetryAfter = seen.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await GatewayProblems.WriteAsync(http, StatusCodes.Status429TooManyRequests, "rate_limit.sign_in_failures",
                $"该地址登录或获取令牌失败次数过多（{settings.WindowSeconds / 60} 分钟内 {settings.PermitLimit} 次），请在 {seen.RetryAfterSeconds} 秒后重试。");
            return;
        }
        await next(http);
        if (http.Response.StatusCode is StatusCodes.Status400BadRequest or StatusCodes.Status401Unauthorized)
            await counter.HitAsync(Policy, client, settings);
    }
}
