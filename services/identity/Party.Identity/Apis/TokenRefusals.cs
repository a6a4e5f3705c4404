using System.Text;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using Party.Identity.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Party.Identity.Apis;

/// <summary>
/// Every refusal at the token endpoint, whoever refused it (OpenIddict's checks or <see cref="ConnectEndpoints"/>), is logged
/// once here with its error code; a refused client (令牌拒绝: a wrong or rotated secret, a disabled or unknown client) is
/// also a security event, saved in the audit beside the client's other events and logged as a warning. OpenIddict's own
/// lines are kept to its warnings (see <see cref="Extensions.AddIdentity"/>): at Information it wrote four for every token it
/// issued, so a morning of sign-ins pushed everything else out of the dashboard's log.
/// OpenIddict describes its refusals in English; a bureau's integrator gets what to check in Chinese first, by the error code
/// (RFC 6749 §5.2 names them all), with OpenIddict's sentence after it for the detail.
/// </summary>
public sealed class TokenRefusals(SecurityAudit audit, IdentityDbContext db, ILogger<TokenRefusals> log)
    : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public const string ClientRefused = "client_token_refused";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor
        .CreateBuilder<ApplyTokenResponseContext>()
        .UseScopedHandler<TokenRefusals>()
        // Before the ASP.NET Core handlers write the response and end the request.
        .SetOrder(int.MinValue + 100_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    /// <summary>What to check, per error code; a description that is already Chinese (the service's own) is left as it is.</summary>
    private static readonly Dictionary<string, string> WhatToCheck = new()
    {
        [Errors.InvalidClient] = "客户端身份验证失败：client_id 不存在或已停用，或 client_secret 不正确（轮换密钥后旧密钥即失效）。请核对本单位的接入凭据。",
        [Errors.UnauthorizedClient] = "该客户端不能用此方式取令牌：县直部门用 client_credentials；客户端已停用时，请联系平台管理员启用。",
        [Errors.InvalidGrant] = "授权已失效：授权码或刷新令牌无效、已用过或已过期，请重新登录。",
        [Errors.InvalidRequest] = "请求缺少参数或参数不对，请对照接入指南检查。",
        [Errors.InvalidScope] = "申请的权限范围（scope）未授予该客户端。",
        [Errors.UnsupportedGrantType] = "不支持的授权方式（grant_type）：县直部门用 client_credentials。",
    };

    public async ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        if (context.Response.Error is not { } error) return;
        var clientId = context.Request?.ClientId ?? "";
        var grantType = context.Request?.GrantType ?? "";
        var description = context.Response.ErrorDescription ?? "";
        if (WhatToCheck.TryGetValue(error, out var check) && !description.Any(IsChinese))
            description = description.Length == 0 ? check : $"{check}（{description}）";
        // An invalid_client answer also carries the description in its WWW-Authenticate header, where only ASCII may go (a
        // Chinese one made it a 500): the header gets OpenIddict's sentence or none, the body the full one (Wording).
        context.Transaction.SetProperty(WordingProperty, description);
        if (!Ascii.IsValid(context.Response.ErrorDescription ?? "")) context.Response.ErrorDescription = null;

        if (error is not (Errors.InvalidClient or Errors.UnauthorizedClient))
        {
            log.LogInformation("Token request refused ({Error}): client {ClientId}, grant {GrantType}: {Description}", error, clientId,
                grantType, description);
            return;
        }
        log.LogWarning("Token request of client {ClientId} refused ({Error}), grant {GrantType}: {Description}", clientId, error,
            grantType, description);
        audit.Record(ClientRefused, clientId, clientId, "client", clientId, "/", $"{error} {grantType}: {description}");
        await db.SaveChangesAsync(context.CancellationToken);
    }

    private const string WordingProperty = "party:token-refusal-description";

    private static bool IsChinese(char c) => c is >= '\u4e00' and <= '\u9fff';

    /// <summary>Puts the full description into the JSON body, after the headers were written.</summary>
    public sealed class Wording : IOpenIddictServerHandler<ApplyTokenResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor
            .CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<Wording>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.AttachWwwAuthenticateHeader<ApplyTokenResponseContext>.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ApplyTokenResponseContext context)
        {
            if (context.Transaction.GetProperty<string>(WordingProperty) is { Length: > 0 } description)
                context.Response.ErrorDescription = description;
            return default;
        }
    }
}
