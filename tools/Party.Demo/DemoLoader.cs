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
public sealed partial class DemoLoader(DemoApi api, DemoCounty county, TextWriter progress)
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
        await Step("past months' entries", SettlePastEntriesAsync(ct));
        await Step("nominations", HonorsAsync(ct));
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
        await EnsureUnitAsync(_operator, county.CountyId, DemoCounty.CodePrefix, DemoCounty.CountyName, "countyCommittee",
            "governmentOrgan",
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
                .Select(e => (
                    Row: e!["row"]!.GetValue<int>(),
                    Column: e["column"]!.GetValue<string>(),
                    Message: e["message"]!.GetValue<string>()))
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
}
