using System.Text.Json.Nodes;
using Party.ServiceDefaults.Auth;

namespace Party.Demo;

/// <summary>Where a demo nomination is left: nominated only, partly reviewed by the bureaus, or approved and on public notice.</summary>
public enum NominationStage { Nominated, PartlyReviewed, OnNotice }

/// <summary>One planned nomination (评先评优推荐) of a township: which honor, the n-th of its kind there, how far it goes.</summary>
public sealed record PlannedNomination(DemoTownship Township, string HonorType, int Number, NominationStage Stage);

/// <summary>
/// Honors nominations (先进典型推荐, SPEC §6): each township nominates a handful of 优秀党务工作者 and, every other township,
/// a 党员农家宾馆示范户; the reviewing bureaus give some opinions, the county approves the fully reviewed ones, which opens
/// their public notice; a later load awards those whose notice has ended, as the county would in a batch.
/// </summary>
public sealed partial class DemoLoader
{
    public const string PartyWorker = "party-worker";
    public const string Guesthouse = "model-guesthouse";

    /// <summary>The bureaus' development-token subjects by the reviewing unit the honors service names (honors README).</summary>
    private static readonly Dictionary<string, string> ReviewerSubjects = new(StringComparer.OrdinalIgnoreCase)
    {
        ["disciplineCommission"] = "discipline-commission", ["politicalLegalCommittee"] = "political-legal-committee",
        ["publicSecurity"] = "public-security", ["comprehensiveGovernance"] = "comprehensive-governance",
        ["environment"] = "environment-bureau", ["tourism"] = "tourism-bureau", ["foodAndDrug"] = "food-drug-bureau",
    };

    private static readonly string[] Leads =
    [
        "publicWelfare", "discipline", "fairPrices", "customsReform", "environment", "kindness", "hospitality", "commonProsperity",
        "innovation", "civilizedTourism",
    ];

    private static readonly string[] WorkerDeeds =
    [
        "担任村党支部委员多年，认真落实“三会一课”制度，党员档案和积分台账规范齐全，所在支部连续三年无违纪党员。",
        "负责村级党务工作，组织开展主题党日活动，带领党员参与人居环境整治，群众满意度高。",
        "带头发展特色种植，结对帮带十余户群众增收，积极参与村内矛盾纠纷调解，做到小事不出村。",
        "在防汛救灾一线连续值守，常年为村内孤寡老人义务服务，发挥了党员先锋模范作用。",
    ];

    /// <summary>
    /// Every township's nominations: three at the smallest scale, six in the full county (one in three left untouched, one in
    /// three partly reviewed, one in three on notice); a guesthouse in every other township, partly reviewed.
    /// </summary>
    public static IReadOnlyList<PlannedNomination> NominationPlan(DemoCounty county)
    {
        var perTownship = Math.Max(3, (int)Math.Round(6 * county.Scale));
        var plan = new List<PlannedNomination>();
        foreach (var (t, i) in county.Townships.Select((t, i) => (t, i)))
        {
            for (var n = 0; n < perTownship; n++)
                plan.Add(new PlannedNomination(t, PartyWorker, n, (NominationStage)(n % 3)));
            if (i % 2 == 0) plan.Add(new PlannedNomination(t, Guesthouse, 0, NominationStage.PartlyReviewed));
        }
        return plan;
    }

    private DemoApi.Caller Reviewer(string subject) => new(PartyRoles.Bureau, county.CountyId, subject, ["honors.review"]);

    private async Task HonorsAsync(CancellationToken ct)
    {
        var year = _today.Year;
        var plan = NominationPlan(county);
        await ForEachAsync("nominations", county.Townships, async (t, token) =>
        {
            var township = Township(t);
            var existing = (await api.AllAsync(township, $"/api/honors/nominations?year={year}", token))
                .GroupBy(n => (n["honorTypeCode"]!.GetValue<string>(), n["subjectId"]!.GetValue<Guid>()))
                .ToDictionary(g => g.Key, g => g.First()["id"]!.GetValue<Guid>());
            // Full members in good standing of the township's villages, in a fixed order: the same ones are picked on every load.
            var candidates = t.Villages
                .SelectMany(v => _members[v.Id]
                    .Where(m => m.Stage == "full" && m.Status == "active")
                    .Select(m => (Village: v, m.Id)))
                .ToList();
            var picked = RandomFor($"{t.Code}|honors|{year}").Shuffle(candidates).ToList();
            var mine = plan.Where(p => p.Township == t).ToList();
            if (picked.Count < mine.Count)
            {
                Refuse("nominations");
                return;
            }
            foreach (var (p, n) in mine.Select((p, n) => (p, n)))
            {
                var (village, member) = picked[n];
                var random = RandomFor($"{t.Code}|nomination|{p.HonorType}|{p.Number}|{year}");
                var subject = p.HonorType == Guesthouse ? DemoCounty.IdOf($"{village.Code}-GH{p.Number + 1}") : member;
                if (!existing.TryGetValue((p.HonorType, subject), out var id))
                {
                    var created = await NominateAsync(township, p, village, member, subject, random, year, token);
                    if (created is null) continue;
                    id = created.Value;
                }
                await ReviewAsync(id, p.Stage, token);
            }
        }, ct);
        await AwardAsync(year, ct);
    }

    private async Task<Guid?> NominateAsync(DemoApi.Caller township, PlannedNomination p, DemoVillage village, Guid member, Guid subject,
        Bogus.Randomizer random, int year, CancellationToken ct)
    {
        object body = p.HonorType == Guesthouse
            ? new
            {
                honorTypeCode = p.HonorType, subjectId = subject, year,
                deeds = "经营农家宾馆三年，明码标价、热情待客，带动本村五户群众发展农家乐，连续两年被评为文明经营户。",
                guesthouse = new
                {
                    name = village.Name.Replace("党支部", "") + "红色农家院", ownerMemberId = member,
                    openedOn = county.Anchor.AddYears(-3).AddDays(random.Number(0, 200)),
                    businessLicence = "92130534MA" + random.Replace("########"), leadsMet = Leads,
                },
            }
            : new { honorTypeCode = p.HonorType, subjectId = subject, year, deeds = random.ArrayElement(WorkerDeeds) };
        // Honors learns members from the members service's events: a member it has not heard of yet is waited for.
        for (var attempt = 1; ; attempt++)
        {
            var answer = await api.PostAsync(township, "/api/honors/nominations", body, null, ct);
            if (answer.Code == 201)
            {
                Count("nominations");
                return answer.Body!["id"]!.GetValue<Guid>();
            }
            var detail = answer.Body?["detail"]?.GetValue<string>() ?? "";
            if (answer.ProblemCode == "honors.not_eligible" && detail.Contains("尚未收到") && attempt < 60)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
                continue;
            }
            Refuse("nominations");
            progress.WriteLine($"[demo] nomination refused: {answer.Code} {detail}");
            return null;
        }
    }

    /// <summary>The bureaus' opinions the stage calls for (only those still missing), and the county's approval (the notice).</summary>
    private async Task ReviewAsync(Guid id, NominationStage stage, CancellationToken ct)
    {
        if (stage == NominationStage.Nominated) return;
        var nomination = (await api.GetAsync(County, $"/api/honors/nominations/{id}", ct)).Require(200);
        if (!nomination["status"]!.GetValue<string>().Equals("underReview", StringComparison.OrdinalIgnoreCase)) return;
        var required = nomination["requiredReviewers"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();
        var missing = nomination["missingOpinions"]!.AsArray().Select(u => u!.GetValue<string>()).ToHashSet();
        // Partly reviewed: the first units have passed it, the last one has not answered yet.
        var giving = stage == NominationStage.OnNotice ? required : required.Take(Math.Max(1, required.Count - 1)).ToList();
        foreach (var unit in giving.Where(missing.Contains))
        {
            var opinion = await api.PostAsync(Reviewer(ReviewerSubjects[unit]), $"/api/honors/nominations/{id}/opinions",
                new { verdict = "pass", comment = "经核查，近三年无违法违纪记录，同意推荐。" },
                $"demo-opinion-{id}-{unit}", ct);
            if (opinion.Ok) Count("review opinions");
            else Refuse("review opinions");
        }
        if (stage != NominationStage.OnNotice) return;
        var approved = await api.PostAsync(County, $"/api/honors/nominations/{id}/approve", null, $"demo-nomination-approve-{id}", ct);
        if (approved.Ok) Count("nomination approvals");
        else Refuse("nomination approvals");
    }

    /// <summary>
    /// Nominations whose public notice has ended are awarded in one batch, as the county does; on the day of a first load there
    /// are none (a notice lasts five working days from the approval).
    /// </summary>
    private async Task AwardAsync(int year, CancellationToken ct)
    {
        var due = (await api.AllAsync(County, $"/api/honors/nominations?year={year}&status=onNotice", ct))
            .Where(n => n["noticeEndsOn"]?.GetValue<string>() is { } ends && DateOnly.Parse(ends) < _today)
            .Select(n => n["id"]!.GetValue<Guid>())
            .ToList();
        foreach (var batch in due.Chunk(500))
        {
            var answer = await api.PostAsync(County, "/api/honors/award-batches",
                new { name = $"{year} 年度评先评优表彰", nominationIds = batch }, null, ct);
            if (answer.Ok) Count("awards", answer.Body!["awards"]!.AsArray().Count);
            else
            {
                Refuse("awards");
                progress.WriteLine($"[demo] award batch refused: {answer.Code} {answer.Body?["detail"]}");
            }
        }
    }
}
