using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Bogus;
using MiniExcelLibs;
using Party.ServiceDefaults.Auth;

namespace Party.Demo;

/// <summary>
/// Loads the demo county through the gateway, with the services' own APIs and the members import, never their databases.
/// Every step looks up what is already there (by deterministic id, code, name or natural key) before it creates anything,
/// so a second load creates nothing; writes that honour it also carry a deterministic Idempotency-Key.
/// </summary>
public sealed class DemoLoader(DemoApi api, DemoCounty county, TextWriter progress)
{
    public const int ImportBatchRows = 1000;
    private const int Parallelism = 4;

    private readonly DemoApi.Caller _operator = new(PartyRoles.Operator, Guid.Empty, "demo-loader-operator");
    private DemoApi.Caller County => new(PartyRoles.County, county.CountyId, "demo-loader-county");
    private static DemoApi.Caller Township(DemoTownship t) => new(PartyRoles.Township, t.Id, $"demo-loader-{t.Code}");
    private static DemoApi.Caller Branch(DemoVillage v) => new(PartyRoles.Branch, v.Id, $"demo-loader-{v.Code}");

    /// <summary>What this load created, by kind (a second load reports zeros).</summary>
    public ConcurrentDictionary<string, int> Created { get; } = new();
    /// <summary>Writes a service refused (e.g. a rule of the day), by kind: reported, not fatal.</summary>
    public ConcurrentDictionary<string, int> Refused { get; } = new();
    public List<DemoAccount> Accounts { get; } = [];

    private readonly Dictionary<Guid, List<(Guid Id, string Stage, string Status)>> _members = [];
    private readonly Dictionary<string, DemoTownship> _townshipByCode = [];
    private DateOnly _today;

    public async Task LoadAsync(CancellationToken ct)
    {
        foreach (var t in county.Townships) _townshipByCode[t.Code] = t;
        _today = county.Today;
        await Step("org units", OrgTreeAsync(ct));
        await Step("accounts", AccountsAsync(ct));
        await Step("members (import)", MembersAsync(ct));
        await Step("member ids", MemberIdsAsync(ct));
        await Step("meetings", MeetingsAsync(ct));
        await Step("points entries", PointsAsync(ct));
        await Step("ratings", RatingsAsync(ct));
        await Step("resident cadres", CadresAsync(ct));
        await Step("check-ins", CheckInsAsync(ct));
        await Step("leaves", LeavesAsync(ct));
    }

    private async Task Step(string name, Task step)
    {
        var started = DateTime.UtcNow;
        await step;
        progress.WriteLine($"[demo] {name}: done in {(DateTime.UtcNow - started).TotalSeconds:0} s");
    }

    private void Count(string kind, int n = 1) => Created.AddOrUpdate(kind, n, (_, v) => v + n);
    private void Refuse(string kind) => Refused.AddOrUpdate(kind, 1, (_, v) => v + 1);

    private sealed class Progress(TextWriter output, string phase, int total)
    {
        private int _done;
        private int _shown = -1;

        public void Tick(int n = 1)
        {
            var done = Interlocked.Add(ref _done, n);
            var percent = total == 0 ? 100 : done * 100 / total;
            // One line per 10 %: readable in a terminal and in a log alike.
            if (percent / 10 > Volatile.Read(ref _shown) && Interlocked.Exchange(ref _shown, percent / 10) < percent / 10)
                output.WriteLine($"[demo] {phase}: {done}/{total} ({percent}%)");
        }
    }

    private Task ForEachAsync<T>(string phase, IReadOnlyCollection<T> items, Func<T, CancellationToken, Task> body, CancellationToken ct)
    {
        var bar = new Progress(progress, phase, items.Count);
        return Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (item, token) =>
            {
                await body(item, token);
                bar.Tick();
            });
    }

    // --- org tree -----------------------------------------------------------------------------------------------------

    private async Task OrgTreeAsync(CancellationToken ct)
    {
        await EnsureUnitAsync(_operator, county.CountyId, DemoCounty.CodePrefix, DemoCounty.CountyName, "countyCommittee", "governmentOrgan",
            null, ct);
        foreach (var t in county.Townships)
            await EnsureUnitAsync(County, t.Id, t.Code, t.Name, "townshipCommittee", "governmentOrgan", county.CountyId, ct);
        var villages = county.Villages.ToList();
        await ForEachAsync("villages", villages, (v, token) =>
            EnsureUnitAsync(County, v.Id, v.Code, v.Name, "branch", "ruralVillage", _townshipByCode[v.TownshipCode].Id, token), ct);
    }

    private async Task EnsureUnitAsync(DemoApi.Caller who, Guid id, string code, string name, string kind, string domain, Guid? parent,
        CancellationToken ct)
    {
        if ((await api.GetAsync(_operator, $"/api/branches/org-units/{id}", ct)).Code == 200) return;
        var answer = await api.PostAsync(who, "/api/branches/org-units", new { id, code, name, kind, domain, parentId = parent },
            $"demo-org-{code}", ct);
        if (answer.Code == 201) Count("org units");
        else if (answer.ProblemCode != "org_units.code_taken") answer.Require(201);
    }

    // --- accounts -----------------------------------------------------------------------------------------------------

    private async Task AccountsAsync(CancellationToken ct)
    {
        var t1 = county.Townships[0];
        var v1 = t1.Villages[0];
        Accounts.AddRange(
        [
            new DemoAccount(PartyRoles.County, "县委组织部", "demo-county", "县委组织部 李建国", county.CountyId, DemoCounty.CountyName),
            new DemoAccount(PartyRoles.Township, "乡镇党委", "demo-township", "乡镇组织委员 王秀英", t1.Id, t1.Name),
            new DemoAccount(PartyRoles.Branch, "村党支部书记", "demo-branch", "支部书记 张德胜", v1.Id, v1.Name),
            new DemoAccount(PartyRoles.Cadre, "驻村第一书记", "demo-cadre", county.Cadres[0].Name, v1.Id, v1.Name),
        ]);
        foreach (var account in Accounts)
        {
            // The identity service learns of new units from the branches service's events: wait for it to know this one.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    if (await DemoAccounts.EnsureAsync(api, _operator, account, ct)) Count("accounts");
                    break;
                }
                catch (DemoException) when (attempt < 60)
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), ct);
                }
            }
        }
    }

    // --- members ------------------------------------------------------------------------------------------------------

    private async Task MembersAsync(CancellationToken ct)
    {
        var rows = county.Villages.SelectMany(v => v.Members.Select(m => (Village: v, Member: m))).ToList();
        var batches = rows.Chunk(ImportBatchRows).ToList();
        var bar = new Progress(progress, "members", rows.Count);
        foreach (var batch in batches)
        {
            await ImportBatchAsync(batch.ToList(), ct);
            bar.Tick(batch.Length);
        }
    }

    /// <summary>
    /// One sheet of up to <see cref="ImportBatchRows"/> rows. The import refuses a whole sheet if one citizen ID is on file: a
    /// dry run names those rows, they are left out (they were imported by an earlier load), and the rest is imported.
    /// </summary>
    private async Task ImportBatchAsync(List<(DemoVillage Village, DemoMember Member)> batch, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (batch.Count == 0) return;
            var dry = await UploadAsync(batch, dryRun: true, ct);
            if (dry.Code == 200)
            {
                var answer = await UploadAsync(batch, dryRun: false, ct);
                if (answer.Code == 200)
                {
                    Count("members", answer.Body!["imported"]!.GetValue<int>());
                    return;
                }
                if (answer.Code != 422) answer.Require(200);
                continue;
            }
            if (dry.Code != 422) dry.Require(200);
            var errors = dry.Body!["rowErrors"]!.AsArray()
                .Select(e => (Row: e!["row"]!.GetValue<int>(), Column: e["column"]!.GetValue<string>(), Message: e["message"]!.GetValue<string>()))
                .ToList();
            var onFile = errors.Where(e => e.Message.Contains("已有档案")).Select(e => e.Row).ToHashSet();
            var other = errors.Where(e => !onFile.Contains(e.Row)).ToList();
            if (other.Count == 0)
            {
                batch = batch.Where((_, i) => !onFile.Contains(i + 2)).ToList();
                continue;
            }
            // A branch the members service has not heard of yet (org units reach it by events): wait a little.
            if (other.All(e => e.Column == "支部代码") && attempt < 90)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
                continue;
            }
            throw new DemoException("the members import refused the sheet: " +
                string.Join("; ", other.Take(5).Select(e => $"row {e.Row} {e.Column}: {e.Message}")));
        }
    }

    private Task<Answer> UploadAsync(List<(DemoVillage Village, DemoMember Member)> batch, bool dryRun, CancellationToken ct)
    {
        var sheet = batch.Select(r => new Dictionary<string, object?>
        {
            ["姓名"] = r.Member.Name, ["性别"] = (r.Member.CitizenId[16] - '0') % 2 == 1 ? "男" : "女", ["民族"] = r.Member.Ethnicity,
            ["公民身份号码"] = r.Member.CitizenId, ["学历"] = r.Member.Education, ["手机号码"] = r.Member.Mobile,
            ["支部代码"] = r.Village.Code, ["所在支部"] = r.Village.Name, ["阶段"] = r.Member.Stage, ["农村党员类别"] = r.Member.Category,
            ["状态"] = r.Member.Status, ["申请入党日期"] = Date(r.Member.AppliedOn), ["确定积极分子日期"] = Date(r.Member.ActivistOn),
            ["确定发展对象日期"] = Date(r.Member.CandidateOn), ["接收预备党员日期"] = Date(r.Member.ProbationaryOn),
            ["转正日期"] = Date(r.Member.FullOn), ["籍贯"] = r.Member.NativePlace,
        }).ToList();
        var file = new MemoryStream();
        file.SaveAs(sheet, sheetName: "党员信息表");
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "file", "党员信息表.xlsx");
        return api.SendAsync(County, HttpMethod.Post, $"/api/members/members/import?dryRun={(dryRun ? "true" : "false")}", form, null, ct);
    }

    private static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd");

    private async Task MemberIdsAsync(CancellationToken ct)
    {
        var villages = county.Villages.ToList();
        var found = new ConcurrentDictionary<Guid, List<(Guid, string, string)>>();
        await ForEachAsync("member ids", villages, async (v, token) =>
        {
            var items = await api.AllAsync(County, $"/api/members/members?branchId={v.Id}", token);
            found[v.Id] = items.Select(m => (m["id"]!.GetValue<Guid>(), m["stage"]!.GetValue<string>(), m["status"]!.GetValue<string>()))
                .OrderBy(m => m.Item1).ToList();
        }, ct);
        foreach (var (k, v) in found) _members[k] = v;
    }

    private static Randomizer RandomFor(string key) => new(DemoCounty.Seed ^ StableHash(key));

    private static int StableHash(string s)
    {
        unchecked
        {
            var h = (int)2166136261;
            foreach (var c in s) h = (h ^ c) * 16777619;
            return h & 0x7FFFFFFF;
        }
    }

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
                    branchId = v.Id, kind, heldOn = on, topic, attendees = present, absentWithLeave = withLeave, absentWithoutLeave = without,
                    minutes = "会议由支部书记主持，传达学习上级精神，讨论本村重点工作。",
                }, $"demo-meeting-{v.Code}-{kind}-{on:yyyyMMdd}", token);
                if (answer.Code == 201) Count("meetings");
                else Refuse("meetings");
            }
        }, ct);
    }

    /// <summary>A year of 三会一课: theme party day on the 15th and a committee meeting every month, a general meeting and a lecture a quarter.</summary>
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

        // Entries are accepted for dates in the open declaration window (from the 15th): that is where this month's go.
        var windowStart = _today.Day >= 15 ? new DateOnly(_today.Year, _today.Month, 15) : new DateOnly(_today.Year, _today.Month, 15).AddMonths(-1);
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
                .ToDictionary(e => (e["memberId"]!.GetValue<Guid>(), e["itemCode"]!.GetValue<string>(), e["occurredOn"]!.GetValue<string>()),
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
                    var review = await api.PostAsync(township, $"/api/members/points/entries/{entry.Id}/review", new { decision = "approve" },
                        $"demo-review-{entry.Id}", token);
                    if (review.Ok) Count("points reviews");
                    else Refuse("points reviews");
                }
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
        while ((known = await api.AllAsync(County, "/api/resident-cadres/villages", ct)).Count < villages.Count && DateTime.UtcNow < deadline)
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
            .ToDictionary(c => c["name"]!.GetValue<string>(), c => (Id: c["id"]!.GetValue<Guid>(), Village: c["villageId"]?.GetValue<Guid?>()));
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
