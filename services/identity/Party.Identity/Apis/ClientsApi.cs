using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Party.Identity.Data;
using Party.Identity.Domain;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Party.Identity.Apis;

public sealed record CreateClientRequest(string? ClientId, string? DisplayName, string? Kind,
    string? Bureau = null, Guid? OrgUnitId = null, string[]? RedirectUris = null);
public sealed record ClientResponse(string ClientId, string DisplayName, string Kind, string? Bureau, string[] Scopes, string[] RedirectUris,
    Guid? OrgUnitId, bool Enabled, DateTimeOffset CreatedAt, DateTimeOffset SecretIssuedAt);
/// <summary>The secret is in this answer only; OpenIddict stores it hashed.</summary>
public sealed record ClientWithSecretResponse(ClientResponse Client, string ClientSecret);

/// <summary>
/// Clients (接入客户端) registered by operators: a county bureau's integration (client credentials, exactly its bureau's
/// scopes) or a web application such as the township portal (authorization code + PKCE, refresh tokens).
/// </summary>
public static class ClientsApi
{
    public static IEndpointRouteBuilder MapClientsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/identity/clients").WithTags("Clients").RequireRole(PartyRoles.Operator);
        group.MapPost("/", Create).WithName("CreateClient").WithSummary("登记客户端；返回一次性显示的密钥。");
        group.MapGet("/", List).WithName("ListClients").WithSummary("分页列出客户端。");
        group.MapGet("/{clientId}", Get).WithName("GetClient").WithSummary("查看客户端。");
        group.MapPost("/{clientId}/rotate-secret", Rotate).WithName("RotateClientSecret").WithSummary("更换密钥；旧密钥立即失效，新密钥只显示这一次。");
        group.MapPost("/{clientId}/disable", Disable).WithName("DisableClient").WithSummary("停用客户端；不再签发令牌，已签发的刷新令牌作废。");
        group.MapPost("/{clientId}/enable", Enable).WithName("EnableClient").WithSummary("重新启用客户端。");
        return app;
    }

    private static async Task<Created<ClientWithSecretResponse>> Create(CreateClientRequest request, IdentityDbContext db,
        IOpenIddictApplicationManager applications, SecurityAudit audit, TimeProvider clock, CancellationToken ct)
    {
        var kind = request.Kind;
        var redirects = request.RedirectUris ?? [];
        var bureauScopes = Bureaus.ScopesOf(request.Bureau);
        new Validator()
            .Check(request.ClientId is { Length: >= 3 and <= 100 } id && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
                && id != Extensions.DevelopmentClientId, "clientId", "客户端编号须为 3–100 位字母、数字或 - _ .。")
            .Check(request.DisplayName is { } d && d.Trim().Length is > 0 and <= 100, "displayName", "请填写客户端名称（最多 100 字）。")
            .Check(kind is ClientKinds.Bureau or ClientKinds.Web, "kind", "类型须为 bureau（县直部门接口）或 web（网页应用）。")
            .Check(kind != ClientKinds.Bureau || bureauScopes is not null, "bureau", $"部门须为：{string.Join("、", Bureaus.ScopesByBureau.Keys)}。")
            .Check(kind != ClientKinds.Bureau || request.OrgUnitId is not null, "orgUnitId", "请填写部门令牌所属的组织单位（县委）。")
            .Check(kind != ClientKinds.Web || (redirects.Length > 0 && redirects.All(IsRedirectUri)), "redirectUris", "网页应用须登记至少一个 http(s) 回调地址。")
            .ThrowIfInvalid();
        if (kind == ClientKinds.Bureau && !await db.OrgUnits.AnyAsync(u => u.Id == request.OrgUnitId && !u.Dissolved, ct))
            throw DomainException.NotFound("org_units");
        if (await db.Clients.AnyAsync(c => c.ClientId == request.ClientId, ct) || await applications.FindByClientIdAsync(request.ClientId!, ct) is not null)
            throw DomainException.Conflict("identity.client_id_taken", "该客户端编号已被使用。");

        var now = clock.GetUtcNow();
        var client = new ClientRegistration
        {
            ClientId = request.ClientId!,
            DisplayName = request.DisplayName!.Trim(),
            Kind = kind!,
            Bureau = kind == ClientKinds.Bureau ? request.Bureau : null,
            Scopes = kind == ClientKinds.Bureau ? bureauScopes! : [Extensions.PiiRead],
            RedirectUris = kind == ClientKinds.Web ? redirects : [],
            OrgUnitId = kind == ClientKinds.Bureau ? request.OrgUnitId : null,
            CreatedAt = now,
            SecretIssuedAt = now,
        };
        var secret = Accounts.NewClientSecret();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Clients.Add(client);
        audit.ByCaller("client_created", "client", client.ClientId, "/", $"{client.Kind} {string.Join(' ', client.Scopes)}");
        await db.SaveChangesAsync(ct);
        var descriptor = new OpenIddictApplicationDescriptor { ClientId = client.ClientId, ClientSecret = secret, ClientType = ClientTypes.Confidential };
        Apply(client, descriptor);
        await applications.CreateAsync(descriptor, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/identity/clients/{client.ClientId}", new ClientWithSecretResponse(ToResponse(client), secret));
    }

    private static async Task<Ok<Page<ClientResponse>>> List(int? page, int? pageSize, IdentityDbContext db, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        return TypedResults.Ok(await db.Clients.AsNoTracking().OrderBy(c => c.ClientId).ToPageAsync(paging, ToResponse, ct));
    }

    private static async Task<Ok<ClientResponse>> Get(string clientId, IdentityDbContext db, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId, ct) ?? throw DomainException.NotFound("clients")));

    private static async Task<Ok<ClientWithSecretResponse>> Rotate(string clientId, IdentityDbContext db, IOpenIddictApplicationManager applications,
        SecurityAudit audit, TimeProvider clock, CancellationToken ct)
    {
        var secret = Accounts.NewClientSecret();
        var client = await ChangeAsync(clientId, db, applications, ct, c =>
        {
            c.SecretIssuedAt = clock.GetUtcNow();
            audit.ByCaller("client_secret_rotated", "client", c.ClientId, "/");
            return secret;
        });
        return TypedResults.Ok(new ClientWithSecretResponse(ToResponse(client), secret));
    }

    private static async Task<Ok<ClientResponse>> Disable(string clientId, IdentityDbContext db, IOpenIddictApplicationManager applications,
        IOpenIddictTokenManager tokens, SecurityAudit audit, CancellationToken ct)
    {
        var client = await ChangeAsync(clientId, db, applications, ct, c =>
        {
            c.Enabled = false;
            audit.ByCaller("client_disabled", "client", c.ClientId, "/");
            return null;
        });
        var application = await applications.FindByClientIdAsync(clientId, ct);
        if (application is not null && await applications.GetIdAsync(application, ct) is { } appId) await tokens.RevokeByApplicationIdAsync(appId, ct);
        return TypedResults.Ok(ToResponse(client));
    }

    private static async Task<Ok<ClientResponse>> Enable(string clientId, IdentityDbContext db, IOpenIddictApplicationManager applications,
        SecurityAudit audit, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await ChangeAsync(clientId, db, applications, ct, c =>
        {
            c.Enabled = true;
            audit.ByCaller("client_enabled", "client", c.ClientId, "/");
            return null;
        })));

    /// <summary>
    /// Changes the registration and brings OpenIddict's application in line (permissions follow <c>Enabled</c>; a new
    /// secret when <paramref name="change"/> returns one), in one transaction.
    /// </summary>
    private static async Task<ClientRegistration> ChangeAsync(string clientId, IdentityDbContext db, IOpenIddictApplicationManager applications,
        CancellationToken ct, Func<ClientRegistration, string?> change)
    {
        var client = await db.Clients.FirstOrDefaultAsync(c => c.ClientId == clientId, ct) ?? throw DomainException.NotFound("clients");
        var application = await applications.FindByClientIdAsync(clientId, ct) ?? throw DomainException.NotFound("clients");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var secret = change(client);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("identity.concurrent_change", "该客户端刚被他人修改，请刷新后重试。");
        }
        // Read back what is stored (the hashed secret among it), so an unchanged secret stays as it is.
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, ct);
        Apply(client, descriptor);
        if (secret is not null) descriptor.ClientSecret = secret;
        await applications.UpdateAsync(application, descriptor, ct);
        await tx.CommitAsync(ct);
        return client;
    }

    /// <summary>What OpenIddict enforces: a disabled client keeps no permission, so every grant is refused by OpenIddict itself.</summary>
    internal static void Apply(ClientRegistration client, OpenIddictApplicationDescriptor d)
    {
        d.DisplayName = client.DisplayName;
        d.Permissions.Clear();
        d.Requirements.Clear();
        d.RedirectUris.Clear();
        if (!client.Enabled) return;
        d.Permissions.Add(Permissions.Endpoints.Token);
        d.Permissions.Add(Permissions.Endpoints.Revocation);
        if (client.Kind == ClientKinds.Bureau)
        {
            d.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }
        else
        {
            d.ApplicationType = ApplicationTypes.Web;
            d.Permissions.UnionWith([Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession, Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code, Permissions.Scopes.Profile]);
            d.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            foreach (var uri in client.RedirectUris) d.RedirectUris.Add(new Uri(uri));
        }
        foreach (var scope in client.Scopes) d.Permissions.Add(Permissions.Prefixes.Scope + scope);
    }

    private static bool IsRedirectUri(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var u) && u.Scheme is "https" or "http" && string.IsNullOrEmpty(u.Fragment);

    private static ClientResponse ToResponse(ClientRegistration c) =>
        new(c.ClientId, c.DisplayName, c.Kind, c.Bureau, c.Scopes, c.RedirectUris, c.OrgUnitId, c.Enabled, c.CreatedAt, c.SecretIssuedAt);
}
