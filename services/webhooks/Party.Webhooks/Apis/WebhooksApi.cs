using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;
using Party.Webhooks.Data;
using Party.Webhooks.Delivery;
using Party.Webhooks.Domain;

namespace Party.Webhooks.Apis;

public sealed record CreateSubscriptionRequest(string? Url, string[]? EventKinds, string? Description = null);
public sealed record SubscriptionResponse(Guid Id, string ClientId, string Url, string[] EventKinds, string? Description, bool Enabled,
    DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt);
/// <summary>The secret is in this answer only: keep it to verify <c>webhook-signature</c>.</summary>
public sealed record SubscriptionWithSecretResponse(SubscriptionResponse Subscription, string Secret);
public sealed record EventKindResponse(string Name, string Scope, string Title, string Description, bool Allowed);
public sealed record DeliveryResponse(Guid Id, Guid SubscriptionId, Guid EventId, string Kind, string Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt, DateTimeOffset RetryUntil, DateTimeOffset? DeliveredAt, int? LastStatusCode, string? LastError, int Redeliveries);
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
    public const string Prefix = "/api/webhooks";

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
        group.MapPost("/subscriptions/{id:guid}/redeliver-failed", RedeliverFailed).RequireRole(PartyRoles.Bureau).WithName("RedeliverFailedWebhooks")
            .WithSummary("把该接收地址全部已放弃（failed）的推送重新排队，推送编号不变，再重试 24 小时。");
        group.MapGet("/deliveries", Deliveries).WithName("ListWebhookDeliveries")
            .WithSummary("推送记录，新的在前（可按接收地址、状态 pending/delivered/failed、事件类型筛选）。");
        group.MapGet("/deliveries/{id:guid}", Delivery).WithName("GetWebhookDelivery").WithSummary("一次推送：发送的内容和每次尝试的结果。");
        group.MapPost("/deliveries/{id:guid}/redeliver", Redeliver).RequireRole(PartyRoles.Bureau).WithName("RedeliverWebhook")
            .WithSummary("重新推送（推送编号 webhook-id 不变，接收方据此去重），再重试 24 小时。");
        return app;
    }

    private static string ClientOf(HttpContext http) => http.User.FindFirst(PartyClaims.Subject)?.Value ?? throw DomainException.NotFound("clients");

    private static bool IsOperator(HttpContext http) => http.User.IsInRole(PartyRoles.Operator);

    private static string[] ScopesOf(HttpContext http) =>
        http.User.FindAll(PartyClaims.Scope).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();

    private static Ok<List<EventKindResponse>> EventKindsList(HttpContext http)
    {
        var allowed = EventKinds.AllowedFor(ScopesOf(http)).Select(k => k.Name).ToHashSet();
        return TypedResults.Ok(EventKinds.All.Select(k => new EventKindResponse(k.Name, k.Scope, k.Title, k.Description, allowed.Contains(k.Name))).ToList());
    }

    private static async Task<Created<SubscriptionWithSecretResponse>> Create(CreateSubscriptionRequest request, WebhooksDbContext db, OrgScope scope,
        HttpContext http, TimeProvider clock, IOptions<WebhookSettings> settings, CancellationToken ct)
    {
        var client = ClientOf(http);
        var kinds = (request.EventKinds ?? []).Distinct(StringComparer.Ordinal).ToArray();
        var unknown = kinds.Where(k => EventKinds.Find(k) is null).ToArray();
        var allowed = EventKinds.AllowedFor(ScopesOf(http)).Select(k => k.Name).ToHashSet();
        var outOfScope = kinds.Where(k => EventKinds.Find(k) is not null && !allowed.Contains(k)).ToArray();
        new Validator()
            .Check(IsReceiverUrl(request.Url), "url", "接收地址须为完整的 http(s) 地址（不含用户名密码和 #），最多 2000 个字符。")
            .Check(kinds.Length > 0, "eventKinds", $"请至少选择一种事件类型；本客户端可订阅：{string.Join("、", allowed.Order())}。")
            .Check(unknown.Length == 0, "eventKinds", $"没有这些事件类型：{string.Join("、", unknown)}（见 GET {Prefix}/event-kinds）。")
            .Check(outOfScope.Length == 0, "eventKinds", $"这些事件类型不在本客户端的授权范围内：{string.Join("、", outOfScope)}。")
            .Check(request.Description is null || request.Description.Trim().Length <= 200, "description", "说明最多 200 字。")
            .ThrowIfInvalid();
        var path = await scope.CallerPathAsync(ct);
        if (path is null || scope.CallerOrgId is not { } org)
            throw new DomainException("webhooks.unit_unknown", "本客户端所属的组织单位尚未同步到推送服务，请稍后重试或联系运维人员。", 422);
        if (await db.Subscriptions.CountAsync(s => s.ClientId == client && s.Enabled, ct) >= settings.Value.MaxSubscriptionsPerClient)
            throw DomainException.Conflict("webhooks.too_many_subscriptions",
                $"每个客户端最多登记 {settings.Value.MaxSubscriptionsPerClient} 个启用的接收地址，请先停用不用的地址。");

        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(), ClientId = client, Bureau = http.User.FindFirst(PartyClaims.Bureau)?.Value, OrgUnitId = org, OrgPath = path, Url = request.Url!.Trim(), EventKinds = kinds,
            Secret = WebhookSignature.NewSecret(), Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"{Prefix}/subscriptions/{subscription.Id}", new SubscriptionWithSecretResponse(ToResponse(subscription), subscription.Secret));
    }

    internal static bool IsReceiverUrl(string? url) =>
        url is { Length: > 0 and <= 2000 } && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var u)
        && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) && string.IsNullOrEmpty(u.UserInfo) && string.IsNullOrEmpty(u.Fragment);

    private static SubscriptionResponse ToResponse(WebhookSubscription s) =>
        new(s.Id, s.ClientId, s.Url, s.EventKinds, s.Description, s.Enabled, s.CreatedAt, s.DisabledAt);

    private static IQueryable<WebhookSubscription> Visible(WebhooksDbContext db, HttpContext http) =>
        IsOperator(http) ? db.Subscriptions : db.Subscriptions.Where(s => s.ClientId == ClientOf(http));

    private static IQueryable<WebhookDelivery> VisibleDeliveries(WebhooksDbContext db, HttpContext http) =>
        IsOperator(http) ? db.Deliveries : db.Deliveries.Where(d => d.ClientId == ClientOf(http));

    private static async Task<Ok<Page<SubscriptionResponse>>> List(int? page, int? pageSize, WebhooksDbContext db, HttpContext http, CancellationToken ct)
    {
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var query = Visible(db, http).AsNoTracking();
        var items = await query.OrderBy(s => s.ClientId).ThenBy(s => s.CreatedAt).Skip(skip).Take(take).ToListAsync(ct);
        return TypedResults.Ok(new Page<SubscriptionResponse>(items.Select(ToResponse).ToList(), p, size, await query.LongCountAsync(ct)));
    }

    private static async Task<WebhookSubscription> SubscriptionAsync(WebhooksDbContext db, HttpContext http, Guid id, CancellationToken ct) =>
        await Visible(db, http).FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw DomainException.NotFound("webhook_subscriptions");

    private static async Task<Ok<SubscriptionResponse>> Get(Guid id, WebhooksDbContext db, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await SubscriptionAsync(db, http, id, ct)));

    private static async Task<Ok<SubscriptionResponse>> Disable(Guid id, WebhooksDbContext db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var s = await SubscriptionAsync(db, http, id, ct);
        if (s.Enabled)
        {
            s.Enabled = false;
            s.DisabledAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(ToResponse(s));
    }

    private static async Task<Ok<RedeliveredResponse>> RedeliverFailed(Guid id, WebhooksDbContext db, HttpContext http, TimeProvider clock,
        IOptions<WebhookSettings> settings, DeliverySignal signal, CancellationToken ct)
    {
        var s = await SubscriptionAsync(db, http, id, ct);
        if (!s.Enabled) throw Disabled();
        var now = clock.GetUtcNow();
        var until = now + TimeSpan.FromHours(settings.Value.RetryWindowHours);
        var n = await db.Deliveries.Where(d => d.SubscriptionId == s.Id && d.Status == DeliveryStatus.Failed)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Pending).SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.RetryUntil, until).SetProperty(d => d.Redeliveries, d => d.Redeliveries + 1), ct);
        signal.Notify();
        return TypedResults.Ok(new RedeliveredResponse(n));
    }

    private static DomainException Disabled() =>
        DomainException.Conflict("webhooks.subscription_disabled", "该接收地址已停用，不能重新推送；请登记新的接收地址。");

    private static DeliveryResponse ToResponse(WebhookDelivery d) =>
        new(d.Id, d.SubscriptionId, d.EventId, d.Kind, d.Status, d.Attempts, d.CreatedAt, d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null,
            d.RetryUntil, d.DeliveredAt, d.LastStatusCode, d.LastError, d.Redeliveries);

    /// <summary>
    /// The filters' values are the lowercase names the API writes; like every other enum filter (<see cref="QueryEnums"/>) they
    /// are taken in any case and an unknown one is a 400 listing the values. The document lists them through the attributes,
    /// which a test keeps equal to <see cref="DeliveryStatus.All"/> and <see cref="EventKinds.All"/>.
    /// </summary>
    private static async Task<Ok<Page<DeliveryResponse>>> Deliveries(Guid? subscriptionId,
        [QueryEnum(DeliveryStatus.Pending, DeliveryStatus.Delivered, DeliveryStatus.Failed)] string? status,
        [QueryEnum(EventKinds.SanctionReported, EventKinds.HonorRevoked, EventKinds.SanctionedMemberNominated, EventKinds.NominationAwaitingOpinion,
            EventKinds.HonorAwarded, EventKinds.StipendStatementsApproved, EventKinds.StipendPaymentDue, EventKinds.SubsidiesApproved, EventKinds.VillageRegistered,
            EventKinds.VillageChanged, EventKinds.VillageDissolved)] string? kind,
        string? clientId, int? page, int? pageSize, WebhooksDbContext db, HttpContext http, CancellationToken ct)
    {
        var (skip, take, p, size) = Paging.Resolve(page, pageSize);
        var (st, kd) = (status?.Trim().ToLowerInvariant(), kind?.Trim().ToLowerInvariant());
        new Validator()
            .Check(string.IsNullOrEmpty(st) || DeliveryStatus.All.Contains(st), "status", $"取值“{status?.Trim()}”无效，可选：{string.Join("、", DeliveryStatus.All)}。")
            .Check(string.IsNullOrEmpty(kd) || EventKinds.Find(kd) is not null, "kind",
                $"取值“{kind?.Trim()}”无效，可选：{string.Join("、", EventKinds.All.Select(k => k.Name))}（见 GET {Prefix}/event-kinds）。")
            .ThrowIfInvalid();
        var query = VisibleDeliveries(db, http).AsNoTracking();
        if (subscriptionId is { } sid) query = query.Where(d => d.SubscriptionId == sid);
        if (!string.IsNullOrEmpty(st)) query = query.Where(d => d.Status == st);
        if (!string.IsNullOrEmpty(kd)) query = query.Where(d => d.Kind == kd);
        if (clientId is not null) query = query.Where(d => d.ClientId == clientId);
        var items = await query.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.Id).Skip(skip).Take(take).ToListAsync(ct);
        return TypedResults.Ok(new Page<DeliveryResponse>(items.Select(ToResponse).ToList(), p, size, await query.LongCountAsync(ct)));
    }

    private static async Task<Ok<DeliveryDetailResponse>> Delivery(Guid id, WebhooksDbContext db, HttpContext http, CancellationToken ct)
    {
        var d = await VisibleDeliveries(db, http).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw DomainException.NotFound("webhook_deliveries");
        var e = await db.Events.AsNoTracking().FirstAsync(x => x.Id == d.EventId, ct);
        var attempts = await db.Attempts.AsNoTracking().Where(a => a.DeliveryId == d.Id).OrderBy(a => a.Id)
            .Select(a => new AttemptResponse(a.Number, a.At, a.StatusCode, a.Error, a.DurationMs)).ToListAsync(ct);
        var body = JsonDocument.Parse(DeliveryWorker.Body(d.Id, e.Id, e.Kind, e.OccurredAt, e.Data)).RootElement.Clone();
        return TypedResults.Ok(new DeliveryDetailResponse(ToResponse(d), body, attempts));
    }

    private static async Task<Accepted<DeliveryResponse>> Redeliver(Guid id, WebhooksDbContext db, HttpContext http, TimeProvider clock,
        IOptions<WebhookSettings> settings, DeliverySignal signal, CancellationToken ct)
    {
        var d = await VisibleDeliveries(db, http).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw DomainException.NotFound("webhook_deliveries");
        if (!await db.Subscriptions.AnyAsync(s => s.Id == d.SubscriptionId && s.Enabled, ct)) throw Disabled();
        var now = clock.GetUtcNow();
        d.Status = DeliveryStatus.Pending;
        d.NextAttemptAt = now;
        d.RetryUntil = now + TimeSpan.FromHours(settings.Value.RetryWindowHours);
        d.Redeliveries++;
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return TypedResults.Accepted($"{Prefix}/deliveries/{d.Id}", ToResponse(d));
    }
}
