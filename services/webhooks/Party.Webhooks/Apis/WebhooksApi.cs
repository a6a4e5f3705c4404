using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Persistence;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.Webhooks.Application;
using Party.Webhooks.Data;
using Party.Webhooks.Domain.Events;

namespace Party.Webhooks.Apis;

public sealed record CreateSubscriptionRequest(string? Url, string[]? EventKinds, string? Description = null);
public sealed record SubscriptionResponse(Guid Id, string ClientId, string Url, string[] EventKinds, string? Description, bool Enabled,
    DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt);
/// <summary>The secret is in this answer only: keep it to verify <c>webhook-signature</c>.</summary>
public sealed record SubscriptionWithSecretResponse(SubscriptionResponse Subscription, string Secret);
public sealed record EventKindResponse(string Name, string Scope, string Title, string Description, bool Allowed);
public sealed record DeliveryResponse(Guid Id, Guid SubscriptionId, Guid EventId, string Kind, string Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset RetryUntil, DateTimeOffset? DeliveredAt, int? LastStatusCode,
    string? LastError, int Redeliveries);
public sealed record AttemptResponse(int Number, DateTimeOffset At, int? StatusCode, string? Error, int DurationMs);
/// <summary><see cref="Body"/> is exactly what is POSTed (before the signature headers are added).</summary>
public sealed record DeliveryDetailResponse(DeliveryResponse Delivery, JsonElement Body, IReadOnlyList<AttemptResponse> Attempts);
public sealed record RedeliveredResponse(int Deliveries);

/// <summary>
/// Webhooks (事件推送) for the county bureaus' machine clients: a client registers receivers for the event kinds its
/// scopes allow, then lists its deliveries and redelivers any of them. A client sees only its own subscriptions and
/// deliveries (another client's are 404); operators see every client's, read-only.
/// </summary>
public static class WebhooksApi
{
    public const string Prefix = "/api/" + Extensions.ApiPrefix;

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).WithTags("Webhooks").RequireRole(PartyRoles.Bureau, PartyRoles.Operator);
        group.MapGet("/event-kinds", EventKindsList).WithName("ListWebhookEventKinds")
            .WithSummary("可订阅的事件类型；allowed 表示本客户端的授权范围（scope）是否允许订阅。");
        group.MapPost("/subscriptions", Create).RequireRole(PartyRoles.Bureau).WithName("CreateWebhookSubscription")
            .WithSummary("登记接收地址和事件类型；返回只显示一次的签名密钥（whsec_…）。");
        group.MapGet("/subscriptions", List).WithName("ListWebhookSubscriptions").WithSummary("本客户端登记的接收地址。");
        group.MapGet("/subscriptions/{id:guid}", Get).WithName("GetWebhookSubscription").WithSummary("查看一个接收地址。");
        group.MapPost("/subscriptions/{id:guid}/disable", Disable).RequireRole(PartyRoles.Bureau).WithName("DisableWebhookSubscription")
            .WithSummary("停用接收地址：不再推送，未送达的推送保留（重新登记后可按编号补推）。");
        group.MapPost("/subscriptions/{id:guid}/redeliver-failed", RedeliverFailed).RequireRole(PartyRoles.Bureau)
            .WithName("RedeliverFailedWebhooks")
            .WithSummary("把该接收地址全部已放弃（failed）的推送重新排队，推送编号不变，再重试 24 小时。");
        group.MapGet("/deliveries", Deliveries).WithName("ListWebhookDeliveries")
            .WithSummary("推送记录，新的在前（可按接收地址、状态 pending/delivered/failed、事件类型筛选）。");
        group.MapGet("/deliveries/{id:guid}", Delivery).WithName("GetWebhookDelivery").WithSummary("一次推送：发送的内容和每次尝试的结果。");
        group.MapPost("/deliveries/{id:guid}/redeliver", Redeliver).RequireRole(PartyRoles.Bureau).WithName("RedeliverWebhook")
            .WithSummary("重新推送（推送编号 webhook-id 不变，接收方据此去重），再重试 24 小时。");
        return app;
    }

    private static Ok<List<EventKindResponse>> EventKindsList(HttpContext http)
    {
        var allowed = EventKinds.AllowedFor(Callers.ScopesOf(http.User)).Select(k => k.Name).ToHashSet();
        return TypedResults.Ok(EventKinds.All
            .Select(k => new EventKindResponse(k.Name, k.Scope, k.Title, k.Description, allowed.Contains(k.Name))).ToList());
    }

    private static async Task<Created<SubscriptionWithSecretResponse>> Create(CreateSubscriptionRequest request,
        [AsParameters] WebhooksServices services, CancellationToken ct)
    {
        var subscription = await Subscriptions.CreateAsync(services, request, ct);
        return TypedResults.Created($"{Prefix}/subscriptions/{subscription.Id}",
            new SubscriptionWithSecretResponse(ToResponse(subscription), subscription.Secret));
    }

    private static SubscriptionResponse ToResponse(WebhookSubscription s) =>
        new(s.Id, s.ClientId, s.Url, s.EventKinds, s.Description, s.Enabled, s.CreatedAt, s.DisabledAt);

    private static async Task<Ok<Page<SubscriptionResponse>>> List(int? page, int? pageSize, [AsParameters] WebhooksServices services,
        CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        return TypedResults.Ok(await services.Db.VisibleSubscriptions(services.Http.User).AsNoTracking()
            .OrderBy(s => s.ClientId).ThenBy(s => s.CreatedAt)
            .ToPageAsync(paging, ToResponse, ct));
    }

    private static async Task<Ok<SubscriptionResponse>> Get(Guid id, [AsParameters] WebhooksServices services, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await Subscriptions.FindAsync(services, id, ct)));

    private static async Task<Ok<SubscriptionResponse>> Disable(Guid id, [AsParameters] WebhooksServices services, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await Subscriptions.DisableAsync(services, id, ct)));

    private static async Task<Ok<RedeliveredResponse>> RedeliverFailed(Guid id, [AsParameters] WebhooksServices services,
        CancellationToken ct) =>
        TypedResults.Ok(new RedeliveredResponse(await Subscriptions.RedeliverFailedAsync(services, id, ct)));

    private static DeliveryResponse ToResponse(WebhookDelivery d) =>
        new(d.Id, d.SubscriptionId, d.EventId, d.Kind, d.Status, d.Attempts, d.CreatedAt,
            d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null, d.RetryUntil, d.DeliveredAt, d.LastStatusCode, d.LastError,
            d.Redeliveries);

    /// <summary>
    /// The filters' values are the lowercase names the API writes; like every other enum filter (<see cref="QueryEnums"/>) they
    /// are taken in any case and an unknown one is a 400 listing the values. The document lists them through the attributes,
    /// which a test keeps equal to <see cref="DeliveryStatus.All"/> and <see cref="EventKinds.All"/>.
    /// </summary>
    private static async Task<Ok<Page<DeliveryResponse>>> Deliveries(Guid? subscriptionId,
        [QueryEnum(DeliveryStatus.Pending, DeliveryStatus.Delivered, DeliveryStatus.Failed)] string? status,
        [QueryEnum(EventKinds.SanctionReported, EventKinds.HonorRevoked, EventKinds.SanctionedMemberNominated,
            EventKinds.NominationAwaitingOpinion, EventKinds.HonorAwarded, EventKinds.StipendStatementsApproved,
            EventKinds.StipendPaymentDue, EventKinds.SubsidiesApproved, EventKinds.VillageRegistered, EventKinds.VillageChanged,
            EventKinds.VillageDissolved)] string? kind,
        string? clientId, int? page, int? pageSize, [AsParameters] WebhooksServices services, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var (st, kd) = (status?.Trim().ToLowerInvariant(), kind?.Trim().ToLowerInvariant());
        new Validator()
            .Check(string.IsNullOrEmpty(st) || DeliveryStatus.All.Contains(st), "status",
                $"取值“{status?.Trim()}”无效，可选：{string.Join("、", DeliveryStatus.All)}。")
            .Check(string.IsNullOrEmpty(kd) || EventKinds.Find(kd) is not null, "kind",
                $"取值“{kind?.Trim()}”无效，可选：{string.Join("、", EventKinds.All.Select(k => k.Name))}（见 GET {Prefix}/event-kinds）。")
            .ThrowIfInvalid();
        var query = services.Db.VisibleDeliveries(services.Http.User).AsNoTracking();
        if (subscriptionId is { } sid) query = query.Where(d => d.SubscriptionId == sid);
        if (!string.IsNullOrEmpty(st)) query = query.Where(d => d.Status == st);
        if (!string.IsNullOrEmpty(kd)) query = query.Where(d => d.Kind == kd);
        if (clientId is not null) query = query.Where(d => d.ClientId == clientId);
        return TypedResults.Ok(await query.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.Id).ToPageAsync(paging, ToResponse, ct));
    }

    private static async Task<Ok<DeliveryDetailResponse>> Delivery(Guid id, [AsParameters] WebhooksServices services, CancellationToken ct)
    {
        var (delivery, body, attempts) = await Redeliveries.DetailAsync(services, id, ct);
        return TypedResults.Ok(new DeliveryDetailResponse(ToResponse(delivery), body, attempts));
    }

    private static async Task<Accepted<DeliveryResponse>> Redeliver(Guid id, [AsParameters] WebhooksServices services, CancellationToken ct)
    {
        var d = await Redeliveries.RedeliverAsync(services, id, ct);
        return TypedResults.Accepted($"{Prefix}/deliveries/{d.Id}", ToResponse(d));
    }
}
