using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Party.Identity.Apis;
using Party.Identity.Data;
using Party.Identity.Domain.Clients;
using Party.ServiceDefaults.Problems;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Party.Identity.Application;

/// <summary>
/// Clients (接入客户端) registered by operators, each kept in line with OpenIddict's application in the same transaction:
/// registered with a one-time secret, its secret rotated, disabled (its refresh tokens end) and enabled again.
/// </summary>
public static class ClientRegistrations
{
    /// <summary>The registration and its secret (shown once; OpenIddict stores it hashed).</summary>
    public static async Task<(ClientRegistration Client, string Secret)> CreateAsync(IdentityServices services, CreateClientRequest request,
        CancellationToken ct)
    {
        var (db, _, _, clock, audit, _, applications, _) = services;
        var kind = request.Kind;
        var redirects = request.RedirectUris ?? [];
        var bureauScopes = Bureaus.ScopesOf(request.Bureau);
        new Validator()
            .Check(request.ClientId is { Length: >= 3 and <= 100 } id && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
                && id != Extensions.DevelopmentClientId, "clientId", "客户端编号须为 3–100 位字母、数字或 - _ .。")
            .Check(request.DisplayName is { } d && d.Trim().Length is > 0 and <= 100, "displayName", "请填写客户端名称（最多 100 字）。")
            .Check(kind is ClientKinds.Bureau or ClientKinds.Web, "kind", "类型须为 bureau（县直部门接口）或 web（网页应用）。")
            .Check(kind != ClientKinds.Bureau || bureauScopes is not null, "bureau",
                $"部门须为：{string.Join("、", Bureaus.ScopesByBureau.Keys)}。")
            .Check(kind != ClientKinds.Bureau || request.OrgUnitId is not null, "orgUnitId", "请填写部门令牌所属的组织单位（县委）。")
            .Check(kind != ClientKinds.Web || (redirects.Length > 0 && redirects.All(IsRedirectUri)), "redirectUris",
                "网页应用须登记至少一个 http(s) 回调地址。")
            .ThrowIfInvalid();
        if (kind == ClientKinds.Bureau && !await db.OrgUnits.AnyAsync(u => u.Id == request.OrgUnitId && !u.Dissolved, ct))
            throw DomainException.NotFound("org_units");
        if (await db.Clients.AnyAsync(c => c.ClientId == request.ClientId, ct)
            || await applications.FindByClientIdAsync(request.ClientId!, ct) is not null)
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
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId, ClientSecret = secret, ClientType = ClientTypes.Confidential,
        };
        ClientPermissions.Apply(client, descriptor);
        await applications.CreateAsync(descriptor, ct);
        await tx.CommitAsync(ct);
        return (client, secret);
    }

    private static bool IsRedirectUri(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var u) && u.Scheme is "https" or "http" && string.IsNullOrEmpty(u.Fragment);

    /// <summary>A new secret (shown once); the old one stops working at once.</summary>
    public static async Task<(ClientRegistration Client, string Secret)> RotateSecretAsync(IdentityServices services, string clientId,
        CancellationToken ct)
    {
        var secret = Accounts.NewClientSecret();
        var client = await ChangeAsync(services, clientId, ct, c =>
        {
            c.SecretIssuedAt = services.Clock.GetUtcNow();
            services.Audit.ByCaller("client_secret_rotated", "client", c.ClientId, "/");
            return secret;
        });
        return (client, secret);
    }

    /// <summary>No more tokens for the client; its refresh tokens are revoked.</summary>
    public static async Task<ClientRegistration> DisableAsync(IdentityServices services, string clientId, CancellationToken ct)
    {
        var client = await ChangeAsync(services, clientId, ct, c =>
        {
            c.Enabled = false;
            services.Audit.ByCaller("client_disabled", "client", c.ClientId, "/");
            return null;
        });
        var applications = services.Applications;
        var application = await applications.FindByClientIdAsync(clientId, ct);
        if (application is not null && await applications.GetIdAsync(application, ct) is { } appId)
            await services.Tokens.RevokeByApplicationIdAsync(appId, ct);
        return client;
    }

    public static Task<ClientRegistration> EnableAsync(IdentityServices services, string clientId, CancellationToken ct) =>
        ChangeAsync(services, clientId, ct, c =>
        {
            c.Enabled = true;
            services.Audit.ByCaller("client_enabled", "client", c.ClientId, "/");
            return null;
        });

    /// <summary>
    /// Changes the registration and brings OpenIddict's application in line (permissions follow <c>Enabled</c>; a new
    /// secret when <paramref name="change"/> returns one), in one transaction.
    /// </summary>
    private static async Task<ClientRegistration> ChangeAsync(IdentityServices services, string clientId, CancellationToken ct,
        Func<ClientRegistration, string?> change)
    {
        var (db, applications) = (services.Db, services.Applications);
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
        ClientPermissions.Apply(client, descriptor);
        if (secret is not null) descriptor.ClientSecret = secret;
        await applications.UpdateAsync(application, descriptor, ct);
        await tx.CommitAsync(ct);
        return client;
    }
}
