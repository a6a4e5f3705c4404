using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Bogus;
using MiniExcelLibs;
using Party.ServiceDefaults.Auth;

namespace Party.Demo;

/// <summary>Resident cadres: village offices with geofences, registration, assignments, today's check-ins and leaves.</summary>
public sealed partial class DemoLoader
{
    // --- resident cadres (驻村干部) --------------------------------------------------------------------------------------

    private readonly Dictionary<int, (Guid Id, string UserId)> _cadres = [];

    private string UserIdOf(DemoCadre c) => c.Number == 1 ? Accounts.Single(a => a.Role == PartyRoles.Cadre).UserId.ToString()
        : $"demo-cadre-{c.Number:D3}";

    private async Task CadresAsync(CancellationToken ct)
    {
        var villages = county.Villages.ToList();
        // The resident-cadres service learns of villages from the branches service's events.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        List<JsonNode> known;
        while ((known = await api.AllAsync(County, "/api/resident-cadres/villages", ct)).Count < villages.Count
            && DateTime.UtcNow < deadline)
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var offices = known.ToDictionary(k => k["villageId"]!.GetValue<Guid>(), k => k["officeLatitude"]?.GetValue<double?>());
        await ForEachAsync("village offices", villages, async (v, token) =>
        {
            if (offices.GetValueOrDefault(v.Id) is not null) return;
            var answer = await api.PutAsync(County, $"/api/resident-cadres/villages/{v.Id}/office",
                new { latitude = v.Latitude, longitude = v.Longitude, geofenceRadiusMeters = 800, reason = "村部位置登记" }, token);
            if (answer.Ok) Count("village offices");
            else Refuse("village offices");
        }, ct);

        var listed = (await api.AllAsync(County, "/api/resident-cadres/cadres", ct))
            .ToDictionary(
                c => c["name"]!.GetValue<string>(),
                c => (Id: c["id"]!.GetValue<Guid>(), Village: c["villageId"]?.GetValue<Guid?>()));
        await ForEachAsync("cadres", county.Cadres, async (c, token) =>
        {
            var userId = UserIdOf(c);
            if (!listed.TryGetValue(c.Name, out var found))
            {
                var answer = await api.PostAsync(County, "/api/resident-cadres/cadres", new
                {
                    userId, name = c.Name, dispatchingUnit = c.DispatchingUnit, mobile = c.Mobile, orgUnitId = c.Village.Id,
                }, $"demo-cadre-{c.Number}", token);
                found = (answer.Require(201)["id"]!.GetValue<Guid>(), null);
                Count("cadres");
            }
            lock (_cadres) _cadres[c.Number] = (found.Id, userId);
            if (found.Village is null)
            {
                var assigned = await api.PostAsync(County, $"/api/resident-cadres/cadres/{found.Id}/assignments", new
                {
                    villageId = c.Village.Id, role = c.Role, startsOn = c.StartsOn, countyDispatched = true,
                }, $"demo-assignment-{c.Number}", token);
                if (assigned.Code == 201) Count("assignments");
                else Refuse("assignments");
            }
        }, ct);
    }

    private DemoApi.Caller CadreCaller(DemoCadre c) => new(PartyRoles.Cadre, c.Village.Id, _cadres[c.Number].UserId);

    /// <summary>Today's check-in of every cadre, inside the village's geofence (the service dates a check-in itself: only today).</summary>
    private Task CheckInsAsync(CancellationToken ct) => ForEachAsync("check-ins", county.Cadres, async (c, token) =>
    {
        var mine = await api.GetAsync(CadreCaller(c), "/api/resident-cadres/me/check-ins", token);
        var today = _today.ToString("yyyy-MM-dd");
        if (mine.Ok && (mine.Body?["items"]?.AsArray() ?? mine.Body as JsonArray ?? [])
            .Any(i => i?["day"]?.GetValue<string>() == today)) return;
        var random = RandomFor($"{c.Number}|checkin|{today}");
        var answer = await api.PostAsync(CadreCaller(c), "/api/resident-cadres/me/check-ins", new
        {
            latitude = c.Village.Latitude + random.Double(-0.001, 0.001), longitude = c.Village.Longitude + random.Double(-0.001, 0.001),
            deviceId = $"demo-phone-{c.Number:D3}", accuracyMeters = 12,
        }, $"demo-checkin-{c.Number}-{today}", token);
        if (answer.Ok) Count("check-ins");
        else Refuse("check-ins");
    }, ct);

    /// <summary>A year of short leaves (approved by the township), and for one cadre in four one waiting for approval.</summary>
    private Task LeavesAsync(CancellationToken ct) => ForEachAsync("leaves", county.Cadres, async (c, token) =>
    {
        var township = Township(_townshipByCode[c.Village.TownshipCode]);
        var mine = (await api.GetAsync(CadreCaller(c), "/api/resident-cadres/me/leaves?pageSize=200", token)).Require(200);
        var taken = (mine["items"]?.AsArray() ?? mine as JsonArray ?? [])
            .GroupBy(l => l!["fromDay"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => (Id: g.First()!["id"]!.GetValue<Guid>(), Status: g.First()!["status"]!.GetValue<string>()));
        var random = RandomFor($"{c.Number}|leaves|{_today.Year}");
        var plan = new List<(DateOnly From, DateOnly To, string Kind, string Reason, bool Approve)>();
        for (var n = 0; n < 3; n++)
        {
            // One in each third of the year, so two never overlap.
            var from = WorkingDay(_today.AddDays(-random.Number(20 + n * 110, 110 + n * 110)));
            plan.Add((from, from.AddDays(random.Number(0, 1)), n == 1 ? "sick" : "personal", n == 1 ? "感冒发烧就医" : "家中有事", true));
        }
        if (c.Number % 4 == 1)
        {
            var from = WorkingDay(_today.AddDays(random.Number(2, 6)));
            plan.Add((from, from, "personal", "孩子开家长会", false));
        }
        foreach (var (from, to, kind, reason, approve) in plan)
        {
            if (!taken.TryGetValue(from.ToString("yyyy-MM-dd"), out var leave))
            {
                var answer = await api.PostAsync(CadreCaller(c), "/api/resident-cadres/me/leaves",
                    new { kind, fromDay = from, toDay = to, reason }, $"demo-leave-{c.Number}-{from:yyyyMMdd}", token);
                if (answer.Code != 201) { Refuse("leaves"); continue; }
                Count("leaves");
                leave = (answer.Body!["id"]!.GetValue<Guid>(), answer.Body["status"]!.GetValue<string>());
            }
            if (approve && leave.Status == "pendingTownship")
            {
                var approved = await api.PostAsync(township, $"/api/resident-cadres/leaves/{leave.Id}/approve", new { note = "同意" },
                    $"demo-leave-approve-{leave.Id}", token);
                if (approved.Ok) Count("leave approvals");
                else Refuse("leave approvals");
            }
        }
    }, ct);

    private static DateOnly WorkingDay(DateOnly d)
    {
        while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) d = d.AddDays(1);
        return d;
    }
}
