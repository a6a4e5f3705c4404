using Microsoft.EntityFrameworkCore;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.Webhooks.Apis;
using Party.Webhooks.Data;
using Party.Webhooks.Domain.Deliveries;
using Party.Webhooks.Domain.Events;

namespace Party.Webhooks.Application;

/// <summary>A bureau client's receivers (接收地址): registered for the event kinds its scopes allow, disabled, redelivered.</summary>
public static class Subscriptions
{
    public static async Task<WebhookSubscription> CreateAsync(WebhooksServices services, CreateSubscriptionRequest request,
        CancellationToken ct)
    {
        var (db, scope, http, clock, settings, _) = services;
        var client = Callers.ClientOf(http.User);
        var kinds = (request.EventKinds ?? []).Distinct(StringComparer.Ordinal).ToArray();
        var unknown = kinds.Where(k => EventKinds.Find(k) is null).ToArray();
        var allowed = EventKinds.AllowedFor(Callers.ScopesOf(http.User)).Select(k => k.Name).ToHashSet();
        var outOfScope = kinds.Where(k => EventKinds.Find(k) is not null && !allowed.Contains(k)).ToArray();
        new Validator()
            .Check(IsReceiverUrl(request.Url), "url", "接收地址须为完整的 http(s) 地址（不含用户名密码和 #），最多 2000 个字符。")
            .Check(kinds.Length > 0, "eventKinds", $"请至少选择一种事件类型；本客户端可订阅：{string.Join("、", allowed.Order())}。")
            .Check(unknown.Length == 0, "eventKinds",
                $"没有这些事件类型：{string.Join("、", unknown)}（见 GET /api/{Extensions.ApiPrefix}/event-kinds）。")
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
            Id = Guid.CreateVersion7(), ClientId = client, Bureau = http.User.FindFirst(PartyClaims.Bureau)?.Value, OrgUnitId = org,
            OrgPath = path, Url = request.Url!.Trim(), EventKinds = kinds, Secret = WebhookSignature.NewSecret(),
            Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync(ct);
        return subscription;
    }

    public static bool IsReceiverUrl(string? url) =>
        url is { Length: > 0 and <= 2000 } && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var u)
        && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) && string.IsNullOrEmpty(u.UserInfo)
        && string.IsNullOrEmpty(u.Fragment);

    public static async Task<WebhookSubscription> FindAsync(WebhooksServices services, Guid id, CancellationToken ct) =>
        await services.Db.VisibleSubscriptions(services.Http.User).FirstOrDefaultAsync(s => s.Id == id, ct)
        ?? throw DomainException.NotFound("webhook_subscriptions");

    /// <summary>No more deliveries; those not delivered are kept (redelivered by id to a new receiver).</summary>
    public static async Task<WebhookSubscription> DisableAsync(WebhooksServices services, Guid id, CancellationToken ct)
    {
        var s = await FindAsync(services, id, ct);
        if (s.Enabled)
        {
            s.Enabled = false;
            s.DisabledAt = services.Clock.GetUtcNow();
            await services.Db.SaveChangesAsync(ct);
        }
        return s;
    }

    /// <summary>Queues every failed delivery of the receiver again, same delivery ids, for another retry window.</summary>
    public static async Task<int> RedeliverFailedAsync(WebhooksServices services, Guid id, CancellationToken ct)
    {
        var s = await FindAsync(services, id, ct);
        if (!s.Enabled) throw Redeliveries.Disabled();
        var now = services.Clock.GetUtcNow();
        var until = now + TimeSpan.FromHours(services.Settings.Value.RetryWindowHours);
        var n = await services.Db.Deliveries.Where(d => d.SubscriptionId == s.Id && d.Status == DeliveryStatus.Failed)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Pending).SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.RetryUntil, until).SetProperty(d => d.Redeliveries, d => d.Redeliveries + 1), ct);
        services.Signal.Notify();
        return n;
    }
}
