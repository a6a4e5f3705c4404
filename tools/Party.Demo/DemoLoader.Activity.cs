using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Bogus;
using MiniExcelLibs;
using Party.ServiceDefaults.Auth;

namespace Party.Demo;

/// <summary>The year of branch work: meetings, points entries (some left for review) and the branches' self-assessments.</summary>
public sealed partial class DemoLoader
{
    // --- meetings (三会一课) -------------------------------------------------------------------------------------------

    private async Task MeetingsAsync(CancellationToken ct)
    {
        var villages = county.Villages.ToList();
        await ForEachAsync("meetings", villages, async (v, token) =>
        {
            var members = _members[v.Id].Where(m => m.Stage is "full" or "probationary").Select(m => m.Id).ToList();
            if (members.Count == 0) return;
            var held = (await api.AllAsync(Branch(v), $"/api/branches/meetings?branchId={v.Id}", token))
                .Select(m => (m["kind"]!.GetValue<string>(), m["heldOn"]!.GetValue<string>())).ToHashSet();
            foreach (var (kind, on, topic) in MeetingPlan())
            {
                if (held.Contains((kind, on.ToString("yyyy-MM-dd")))) continue;
                var random = RandomFor($"{v.Code}|{kind}|{on:yyyyMMdd}");
                var present = new List<Guid>();
                var withLeave = new List<Guid>();
                var without = new List<Guid>();
                foreach (var m in members)
                {
                    var r = random.Double();
                    (r < 0.86 ? present : r < 0.97 ? withLeave : without).Add(m);
                }
                if (present.Count == 0) present.Add(withLeave.Concat(without).First());
                withLeave.Remove(present[0]);
                without.Remove(present[0]);
                var answer = await api.PostAsync(Branch(v), "/api/branches/meetings", new
                {
                    branchId = v.Id, kind, heldOn = on, topic, attendees = present, absentWithLeave = withLeave,
                    absentWithoutLeave = without,
                    minutes = "会议由支部书记主持，传达学习上级精神，讨论本村重点工作。",
                }, $"demo-meeting-{v.Code}-{kind}-{on:yyyyMMdd}", token);
                if (answer.Code == 201) Count("meetings");
                else Refuse("meetings");
            }
        }, ct);
    }

    /// <summary>
    /// A year of 三会一课: theme party day on the 15th and a committee meeting every month, a general meeting and a lecture a
    /// quarter.
    /// </summary>
    private IEnumerable<(string Kind, DateOnly On, string Topic)> MeetingPlan()
    {
        for (var back = 11; back >= 0; back--)
        {
            var month = new DateOnly(_today.Year, _today.Month, 1).AddMonths(-back);
            var partyDay = month.AddDays(14);
            if (partyDay <= _today) yield return ("themePartyDay", partyDay, $"{month:yyyy年M月}主题党日");
            var committee = month.AddDays(4);
            if (committee <= _today) yield return ("committeeMeeting", committee, $"{month:yyyy年M月}支委会");
            if (month.Month % 3 == 0)
            {
                var general = month.AddDays(19);
                if (general <= _today) yield return ("generalMeeting", general, $"{month:yyyy年}第{month.Month / 3}季度党员大会");
                var lecture = month.AddDays(24);
                if (lecture <= _today) yield return ("partyLecture", lecture, $"{month:yyyy年}第{month.Month / 3}季度党课");
            }
        }
    }

    // --- points -------------------------------------------------------------------------------------------------------

    private async Task PointsAsync(CancellationToken ct)
    {
        var year = _today.Year;
        // No Idempotency-Key: a replayed 201 would read as a new template; the 409 (one per domain and year) is the natural key.
        var template = await api.PostAsync(County, "/api/members/points/templates", new
        {
            domain = "ruralCommunity", year, name = $"{year} 农村积分模板",
            items = new object[]
            {
                new { code = "B1", name = "政治合格", kind = "base", points = 25 },
                new { code = "B2", name = "执行纪律合格", kind = "base", points = 25 },
                new { code = "B3", name = "品德合格", kind = "base", points = 25 },
                new { code = "B4", name = "发挥作用合格", kind = "base", points = 25 },
                new { code = "C1", name = "志愿服务", kind = "contribution", points = 5 },
                new { code = "C2", name = "带头致富", kind = "contribution", points = 10 },
                new { code = "C3", name = "调解矛盾纠纷", kind = "contribution", points = 5 },
            },
        }, null, ct);
        if (template.Code == 201) Count("points templates");
        else if (template.ProblemCode != "points.template_exists") template.Require(201);
        // The year's template may be someone else's (one per domain and year): use the contribution items it has.
        var templates = (await api.GetAsync(County, $"/api/members/points/templates?domain=ruralCommunity&year={year}", ct)).Require(200);
        var items = templates.AsArray().SelectMany(t => t!["items"]!.AsArray())
            .Where(i => i!["kind"]!.GetValue<string>() == "contribution").Select(i => i!["code"]!.GetValue<string>()).Distinct().ToList();
        if (items.Count == 0) throw new DemoException($"the {year} rural points template has no contribution item");

        var windowStart = WindowStart();
        var days = _today.DayNumber - windowStart.DayNumber + 1;
        var villages = county.Villages.ToList();
        await ForEachAsync("points", villages, async (v, token) =>
        {
            // No Idempotency-Key here: a replayed 201 would read as a new scheme; the 409 is this write's natural key.
            var scheme = await api.PostAsync(Branch(v), "/api/members/points/schemes", new { branchId = v.Id, year }, null, token);
            if (scheme.Code == 201) Count("points schemes");
            else if (scheme.ProblemCode != "points.scheme_exists") { Refuse("points schemes"); return; }

            var members = _members[v.Id].Where(m => m.Stage == "full" && m.Status == "active").Select(m => m.Id).ToList();
            var existing = (await api.AllAsync(Branch(v), $"/api/members/points/entries?branchId={v.Id}&year={year}", token))
                .ToDictionary(
                    e => (e["memberId"]!.GetValue<Guid>(), e["itemCode"]!.GetValue<string>(), e["occurredOn"]!.GetValue<string>()),
                    e => (Id: e["id"]!.GetValue<Guid>(), Status: e["status"]!.GetValue<string>()));
            var random = RandomFor($"{v.Code}|points|{windowStart:yyyyMM}");
            var count = Math.Min(members.Count, Math.Max(3, members.Count / 8));
            var township = Township(_townshipByCode[v.TownshipCode]);
            foreach (var (member, n) in random.Shuffle(members).Take(count).Select((m, n) => (m, n)))
            {
                var item = items[n % items.Count];
                var on = windowStart.AddDays(random.Number(0, days - 1));
                // About one in three stays waiting for review: the township's to-do home has work on it.
                var approve = n % 3 != 0;
                if (!existing.TryGetValue((member, item, on.ToString("yyyy-MM-dd")), out var entry))
                {
                    var answer = await api.PostAsync(Branch(v), "/api/members/points/entries", new
                    {
                        memberId = member, itemCode = item, occurredOn = on, source = "branchRecorded",
                        description = "支部记录：本月参加村内志愿服务和产业帮带。",
                    }, $"demo-entry-{v.Code}-{member:N}-{item}-{on:yyyyMMdd}", token);
                    if (answer.Code != 201) { Refuse("points entries"); continue; }
                    Count("points entries");
                    entry = (answer.Body!["id"]!.GetValue<Guid>(), answer.Body["status"]!.GetValue<string>());
                }
                if (approve && entry.Status == "proposed")
                {
                    var review = await api.PostAsync(township, $"/api/members/points/entries/{entry.Id}/review",
                        new { decision = "approve" },
                        $"demo-review-{entry.Id}", token);
                    if (review.Ok) Count("points reviews");
                    else Refuse("points reviews");
                }
            }
        }, ct);
    }

    /// <summary>Entries are accepted for dates in the open declaration window (from the 15th): that is where this month's go.</summary>
    private DateOnly WindowStart()
    {
        var fifteenth = new DateOnly(_today.Year, _today.Month, 15);
        return _today.Day >= 15 ? fifteenth : fifteenth.AddMonths(-1);
    }

    /// <summary>
    /// The year's meetings reach members as proposed deductions for absence without leave (无故缺席), by events: a township
    /// reviews them month by month, so those of past windows are approved here and only the open window's wait for review.
    /// </summary>
    private async Task SettlePastEntriesAsync(CancellationToken ct)
    {
        // The absences arrive after the meetings' answers: wait until the county's count of entries holds still.
        long last = -1;
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var total = (await api.GetAsync(County, "/api/members/points/entries?pageSize=1", ct)).Require(200)["total"]!.GetValue<long>();
            if (total == last) break;
            last = total;
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
        }
        var windowStart = WindowStart();
        await ForEachAsync("past entries", county.Villages.ToList(), async (v, token) =>
        {
            var township = Township(_townshipByCode[v.TownshipCode]);
            var waiting = await api.AllAsync(township, $"/api/members/points/entries?branchId={v.Id}&status=Proposed", token);
            foreach (var entry in waiting.Where(e => DateOnly.Parse(e["occurredOn"]!.GetValue<string>()) < windowStart))
            {
                var id = entry["id"]!.GetValue<Guid>();
                var review = await api.PostAsync(township, $"/api/members/points/entries/{id}/review", new { decision = "approve" },
                    $"demo-review-{id}", token);
                if (review.Ok) Count("points reviews");
                else Refuse("points reviews");
            }
        }, ct);
    }

    // --- branch star ratings (评星) -------------------------------------------------------------------------------------

    private async Task RatingsAsync(CancellationToken ct)
    {
        var year = _today.Year;
        var answer = await api.GetAsync(County, $"/api/branches/rating-templates?domain=ruralVillage&year={year}", ct);
        if (answer.Code != 200)
        {
            Refuse("ratings");
            return;
        }
        var dimensions = answer.Body!["dimensions"]!.AsArray()
            .Select(d => (Key: d!["key"]!.GetValue<string>(), Max: d["maxPoints"]!.GetValue<decimal>())).ToList();
        // A third of the villages have assessed themselves and wait for their township to score them.
        var villages = county.Townships.SelectMany(t => t.Villages.Where((_, i) => i % 3 == 0)).ToList();
        await ForEachAsync("ratings", villages, async (v, token) =>
        {
            var existing = await api.GetAsync(Branch(v), $"/api/branches/ratings?branchId={v.Id}&year={year}", token);
            if (existing.Code == 200 && existing.Body!["total"]!.GetValue<long>() > 0) return;
            var random = RandomFor($"{v.Code}|rating|{year}");
            var scores = dimensions.ToDictionary(d => d.Key, d => Math.Round(d.Max * (decimal)random.Double(0.7, 0.98)));
            var answer = await api.PostAsync(Branch(v), "/api/branches/ratings", new
            {
                branchId = v.Id, year, scores, summary = "班子团结，三会一课落实到位，集体经济稳步增长。",
            }, $"demo-rating-{v.Code}-{year}", token);
            if (answer.Code == 201) Count("ratings");
            else if (answer.ProblemCode != "ratings.exists") Refuse("ratings");
        }, ct);
    }
}
