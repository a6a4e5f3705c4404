using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Party.Gateway;

/// <summary>401 and 403 as problem details with the project's codes and a Chinese detail.</summary>
public static class GatewayAuth
{
    public static void WriteProblems(JwtBearerOptions options)
    {
        options.Events ??= new JwtBearerEvents();
        options.Events.OnChallenge = async ctx =>
        {
            ctx.HandleResponse();
            var failure = ctx.AuthenticateFailure;
            ctx.Response.Headers.WWWAuthenticate = failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
            var detail = failure switch
            {
                null => "缺少访问令牌：请在 Authorization 头中携带 Bearer 令牌。",
                SecurityTokenExpiredException => "访问令牌已过期，请重新登录获取新令牌。",
                _ => "访问令牌无效（签名、签发方、受众或有效期不符）。",
            };
            await GatewayProblems.WriteAsync(ctx.HttpContext, StatusCodes.Status401Unauthorized, "auth.unauthenticated", detail);
        };
        options.Events.OnForbidden = ctx =>
            GatewayProblems.WriteAsync(ctx.HttpContext, StatusCodes.Status403Forbidden, "auth.forbidden", "当前身份无权访问此接口。");
    }
}
