using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Identity.Application;
using Party.Identity.Data;
using Party.Persistence;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;

namespace Party.Identity.Apis;

public sealed record CreateClientRequest(string? ClientId, string? DisplayName, string? Kind,
    string? Bureau = null, Guid? OrgUnitId = null, string[]? RedirectUris = null);
public sealed record ClientResponse(string ClientId, string DisplayName, string Kind, string? Bureau, string[] Scopes,
    string[] RedirectUris, Guid? OrgUnitId, bool Enabled, DateTimeOffset CreatedAt, DateTimeOffset SecretIssuedAt);
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
        group.MapPost("/{clientId}/rotate-secret", Rotate).WithName("RotateClientSecret")
            .WithSummary("更换密钥；旧密钥立即失效，新密钥只显示这一次。");
        group.MapPost("/{clientId}/disable", Disable).WithName("DisableClient")
            .WithSummary("停用客户端；不再签发令牌，已签发的刷新令牌作废。");
        group.MapPost("/{clientId}/enable", Enable).WithName("EnableClient").WithSummary("重新启用客户端。");
        return app;
    }

    private static async Task<Created<ClientWithSecretResponse>> Create(CreateClientRequest request,
        [AsParameters] IdentityServices services, CancellationToken ct)
    {
        var (client, secret) = await ClientRegistrations.CreateAsync(services, request, ct);
        return TypedResults.Created($"/api/identity/clients/{client.ClientId}", new ClientWithSecretResponse(ToResponse(client), secret));
    }

    private static async Task<Ok<Page<ClientResponse>>> List(int? page, int? pageSize, IdentityDbContext db, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        return TypedResults.Ok(await db.Clients.AsNoTracking().OrderBy(c => c.ClientId).ToPageAsync(paging, ToResponse, ct));
    }

    private static async Task<Ok<ClientResponse>> Get(string clientId, IdentityDbContext db, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId, ct)
            ?? throw DomainException.NotFound("clients")));

    private static async Task<Ok<ClientWithSecretResponse>> Rotate(string clientId, [AsParameters] IdentityServices services,
        CancellationToken ct)
    {
        var (client, secret) = await ClientRegistrations.RotateSecretAsync(services, clientId, ct);
        return TypedResults.Ok(new ClientWithSecretResponse(ToResponse(client), secret));
    }

    private static async Task<Ok<ClientResponse>> Disable(string clientId, [AsParameters] IdentityServices services,
        CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await ClientRegistrations.DisableAsync(services, clientId, ct)));

    private static async Task<Ok<ClientResponse>> Enable(string clientId, [AsParameters] IdentityServices services, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await ClientRegistrations.EnableAsync(services, clientId, ct)));

    private static ClientResponse ToResponse(ClientRegistration c) =>
        new(c.ClientId, c.DisplayName, c.Kind, c.Bureau, c.Scopes, c.RedirectUris, c.OrgUnitId, c.Enabled, c.CreatedAt, c.SecretIssuedAt);
}
