using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Branches.Data;
using MassTransit;
using Party.Contracts.Branches;
using Party.Contracts.Honors;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Branches.Tests.Api;

public class SecretariesAndReservesTests(ClockedBranchesFactory factory) : IClassFixture<ClockedBranchesFactory>
{
    private const string Url = "/api/branches/secretaries";

    private async Task<long> SecretariesAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BranchesDbContext>().Secretaries.LongCountAsync();
    }

    [Fact]
    public async Task Appointment_checks_ask_for_a_county_exception_and_the_file_records_exit_and_retirement_subsidy()
    {
        factory.Clock.Set(new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero));
        var tree = await factory.NewCountyAsync(2, 3);
        var v = tree.Townships[0].Villages;
        var township = factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var before = await SecretariesAsync();

        // 56 on the appointment day as a new secretary: refused without a reason, nothing stored.
        var tooOld = new { branchId = v[0], name = "李四", birthDate = "1970-06-01", education = "seniorHigh", appointedOn = "2026-06-01",
            renominated = false };
        var refused = await (await township.PostJsonAsync(Url, tooOld)).AssertProblemAsync(422, "secretaries.exception_required");
        Assert.Contains("56", refused["detail"]!.GetValue<string>());
        Assert.Equal(before, await SecretariesAsync());

        // With a reason it waits for the county; the county approves.
        var pending = await (await township.PostJsonAsync(Url,
            new { branchId = v[0], name = "李四", birthDate = "1970-06-01", education = "seniorHigh", appointedOn = "2026-06-01",
                renominated = false, exceptionReason = "群众公认、致富带头能力强" })).AssertStatusAsync(201);
        Assert.Equal("awaitingException", pending["status"]!.GetValue<string>());
        Assert.False(pending["ageOk"]!.GetValue<bool>());
        var id = pending["id"]!.GetValue<Guid>();
        await (await township.PostJsonAsync($"{Url}/{id}/exception", new { approved = true, decision = "同意" })).AssertStatusAsync(403);
        var approved = await (await county.PostJsonAsync($"{Url}/{id}/exception", new { approved = true, decision = "经县委组织部部务会研究同意" }))
            .AssertStatusAsync(200);
        Assert.Equal("serving", approved["status"]!.GetValue<string>());
        await (await township.PostJsonAsync(Url,
            new { branchId = v[0], name = "王五", birthDate = "1990-01-01", education = "bachelor", appointedOn = "2026-06-01" }))
            .AssertProblemAsync(409, "secretaries.current_exists");

        // 55 on the birthday passes directly; a re-nominated 65-year-old with junior high school passes too; 66 does not.
        var ok55 = await (await township.PostJsonAsync(Url,
            new { branchId = v[1], name = "赵六", birthDate = "1971-06-01", education = "technicalSecondary", appointedOn = "2026-06-01",
                priorYearsServed = 12 })).AssertStatusAsync(201);
        Assert.Equal("serving", ok55["status"]!.GetValue<string>());
        Assert.Equal(55, ok55["ageAtAppointment"]!.GetValue<int>());
        await (await township.PostJsonAsync(Url,
            new { branchId = v[2], name = "钱七", birthDate = "1960-06-01", education = "juniorHigh", appointedOn = "2026-06-01",
                renominated = true }))
            .AssertProblemAsync(422, "secretaries.exception_required");
        var ok65 = await (await township.PostJsonAsync(Url,
            new { branchId = v[2], name = "钱七", birthDate = "1961-06-01", education = "juniorHigh", appointedOn = "2026-06-01",
                renominated = true }))
            .AssertStatusAsync(201);
        Assert.Equal("serving", ok65["status"]!.GetValue<string>());

        // Appraisal, admonishment (stays in office), then retirement with the subsidy tier of 12 + 0 years (placeholder tiers: ≥10 → 300).
        var sid = ok55["id"]!.GetValue<Guid>();
        await (await township.PostJsonAsync($"{Url}/{sid}/appraisals", new { year = 2025, grade = "excellent", reportSummary = "述职" }))
            .AssertStatusAsync(200);
        await (await township.PostJsonAsync($"{Url}/{sid}/appraisals", new { year = 2025, grade = "excellent" }))
            .AssertProblemAsync(409, "secretaries.appraisal_exists");
        await (await county.PostJsonAsync($"{Url}/{sid}/exit", new { kind = "admonishment", on = "2026-06-01", reason = "工作作风问题" }))
            .AssertStatusAsync(200);
        var retired = await (await county.PostJsonAsync($"{Url}/{sid}/exit",
            new { kind = "retirement", on = "2026-06-01", reason = "年龄原因退职" })).AssertStatusAsync(200);
        Assert.Equal("exited", retired["status"]!.GetValue<string>());
        Assert.Equal(12, retired["yearsServed"]!.GetValue<int>());
        Assert.Equal(300m, retired["monthlyRetirementSubsidy"]!.GetValue<decimal>());
        Assert.Single(retired["appraisals"]!.AsArray());
        var trail = await (await county.GetAsync($"/api/branches/audit?entityId={sid}")).AssertStatusAsync(200);
        Assert.Contains(trail["items"]!.AsArray(), a => a!["action"]!.GetValue<string>() == "admonished");

        var sheet = await Sheets.ReadAsync(await county.GetAsync($"{Url}/export.xlsx"));
        Assert.Equal(3, sheet.Count);
        Assert.Contains(sheet, r => (string)r["姓名"] == "赵六" && (string)r["离任方式"] == "Retirement");

        // Another township sees nothing of these files.
        var other = factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id);
        await (await other.GetAsync($"{Url}/{id}")).AssertProblemAsync(404, "secretaries.not_found");
        Assert.Equal(0, (await (await other.GetAsync(Url)).AssertStatusAsync(200))["total"]!.GetValue<long>());
        await (await other.PostJsonAsync(Url,
            new { branchId = v[1], name = "越权", birthDate = "1990-01-01", education = "bachelor", appointedOn = "2026-06-01" }))
            .AssertProblemAsync(404, "secretaries.branch.not_found");
    }

    [Fact]
    public async Task Remuneration_is_twice_last_years_income_and_ten_percent_more_after_five_stars()
    {
        factory.Clock.Set(new DateTimeOffset(2027, 1, 11, 2, 0, 0, TimeSpan.Zero));
        var tree = await factory.NewCountyAsync(1, 2);
        var (star5, star4) = (tree.Townships[0].Villages[0], tree.Townships[0].Villages[1]);
        var township = factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        await using var probe = await factory.ProbeAsync<BranchRatingPublished>();
        var memberId = Guid.NewGuid();
        await (await township.PostJsonAsync(Url,
            new { branchId = star5, memberId, name = "孙八", birthDate = "1980-03-03", education = "juniorCollege",
                appointedOn = "2024-01-01" }))
            .AssertStatusAsync(201);
        await (await township.PostJsonAsync(Url,
            new { branchId = star4, name = "周九", birthDate = "1982-03-03", education = "seniorHigh", appointedOn = "2024-01-01" }))
            .AssertStatusAsync(201);

        string[] goods = ["strongLeadership", "membersRole", "collectiveEconomy", "livelihood", "villageGovernance"];
        foreach (var (village, each) in new[] { (star5, 19m), (star4, 17m) })
        {
            var rating = await (await factory.ClientFor(PartyRoles.Branch, village).PostJsonAsync("/api/branches/ratings",
                new { branchId = village, year = 2026, scores = goods.ToDictionary(g => g, _ => each) })).AssertStatusAsync(201);
            await (await township.PostJsonAsync($"/api/branches/ratings/{rating["id"]}/review", new { keyTasksDone = true }))
                .AssertStatusAsync(200);
        }
        await (await county.PostAsync("/api/branches/rating-rounds/2026/approve", null)).AssertStatusAsync(200);
        factory.Clock.Advance(TimeSpan.FromDays(8));
        await (await county.PostAsync("/api/branches/rating-rounds/2026/finalize", null)).AssertStatusAsync(200);
        var published = await Eventually.ResultAsync(() => Task.FromResult(probe.Received.FirstOrDefault(e => e.BranchId == star5)),
            e => e is not null, TimeSpan.FromSeconds(30), "★5 rating published");
        Assert.Equal(memberId, published!.SecretaryMemberId);

        var missing = await (await county.GetAsync($"{Url}/remuneration?year=2027")).AssertStatusAsync(200);
        Assert.All(missing["items"]!.AsArray(), r => Assert.Null(r!["amount"]));
        await (await county.PutJsonAsync("/api/branches/county-income/2026", new { perCapitaNetIncome = 18765.43m }))
            .AssertStatusAsync(200);
        await (await township.PutJsonAsync("/api/branches/county-income/2026", new { perCapitaNetIncome = 1m })).AssertStatusAsync(403);
        var pay = await (await county.GetAsync($"{Url}/remuneration?year=2027")).AssertStatusAsync(200);
        var rows = pay["items"]!.AsArray().ToDictionary(r => r!["branchId"]!.GetValue<Guid>());
        Assert.Equal(41283.95m, rows[star5]!["amount"]!.GetValue<decimal>()); // 18765.43 × 2 × 1.1
        Assert.True(rows[star5]!["uplift"]!.GetValue<bool>());
        Assert.Equal(37530.86m, rows[star4]!["amount"]!.GetValue<decimal>()); // 18765.43 × 2
    }

    [Fact]
    public async Task Reserve_cadres_are_nominated_reviewed_evaluated_after_six_months_and_short_villages_flagged()
    {
        factory.Clock.Set(new DateTimeOffset(2026, 1, 5, 2, 0, 0, TimeSpan.Zero));
        var tree = await factory.NewCountyAsync(2, 2);
        var (full, short1) = (tree.Townships[0].Villages[0], tree.Townships[0].Villages[1]);
        var branch = factory.ClientFor(PartyRoles.Branch, full);
        var township = factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id);
        const string Reserves = "/api/branches/reserve-cadres";

        // 46 on the day
        var tooOld = await (await branch.PostJsonAsync(Reserves,
            new { branchId = full, name = "吴一", birthDate = "1980-01-05", education = "seniorHigh", channels = new[] { "branch" },
                nominatedOn = "2026-01-05" })).AssertProblemAsync(422, "reserve_cadres.not_eligible");
        Assert.Contains("46", tooOld["detail"]!.GetValue<string>());
        await (await branch.PostJsonAsync(Reserves, new { branchId = full, name = "吴一", birthDate = "1990-01-01", education = "juniorHigh",
            channels = new[] { "branch" }, nominatedOn = "2026-01-05" })).AssertProblemAsync(422, "reserve_cadres.not_eligible");
        await (await branch.PostJsonAsync(Reserves, new { branchId = full, name = "吴一", birthDate = "1990-01-01", education = "seniorHigh",
            channels = Array.Empty<string>(), nominatedOn = "2026-01-05" })).AssertProblemAsync(400, "validation.failed");

        var ids = new List<Guid>();
        foreach (var (name, birth) in new[] { ("郑一", "1981-01-05"), ("郑二", "1995-05-05"),
            ("郑三", "1998-08-08") }) // 45 on the day is allowed
        {
            var c = await (await branch.PostJsonAsync(Reserves, new { branchId = full, name, birthDate = birth, education = "seniorHigh",
                channels = new[] { "branch", "allMembers", "villagerRepresentatives" }, nominatedOn = "2026-01-05" }))
                    .AssertStatusAsync(201);
            ids.Add(c["id"]!.GetValue<Guid>());
        }
        foreach (var id in ids)
            await (await township.PostJsonAsync($"{Reserves}/{id}/review", new { approved = true, comment = "三推一审通过" }))
                .AssertStatusAsync(200);
        await (await township.PostJsonAsync($"{Reserves}/{ids[0]}/review", new { approved = true }))
            .AssertProblemAsync(409, "reserve_cadres.wrong_status");

        var shortfall = await (await township.GetAsync($"{Reserves}/shortfall")).AssertStatusAsync(200);
        var flagged = shortfall["items"]!.AsArray().Select(r => r!["branchId"]!.GetValue<Guid>()).ToList();
        Assert.Equal([short1], flagged);

        var evaluation = new { selfEvaluation = "自评", branchEvaluation = "支部评议", townshipEvaluation = "乡镇评价", examScore = 58.5m,
            keep = false, reason = "考试不合格" };
        factory.Clock.Set(new DateTimeOffset(2026, 7, 4, 2, 0, 0, TimeSpan.Zero));
        await (await township.PostJsonAsync($"{Reserves}/{ids[0]}/evaluation", evaluation))
            .AssertProblemAsync(409, "reserve_cadres.evaluation_not_due");
        factory.Clock.Set(new DateTimeOffset(2026, 7, 5, 2, 0, 0, TimeSpan.Zero));
        var removed = await (await township.PostJsonAsync($"{Reserves}/{ids[0]}/evaluation", evaluation)).AssertStatusAsync(200);
        Assert.Equal("removed", removed["status"]!.GetValue<string>());

        // With one removed, the full village drops below 3 as well.
        var after = await (await township.GetAsync($"{Reserves}/shortfall")).AssertStatusAsync(200);
        Assert.Equal(2, after["total"]!.GetValue<long>());

        var other = factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id);
        await (await other.GetAsync($"{Reserves}/{ids[1]}")).AssertProblemAsync(404, "reserve_cadres.not_found");
        await (await other.PostJsonAsync($"{Reserves}/{ids[1]}/evaluation", evaluation))
            .AssertProblemAsync(404, "reserve_cadres.not_found");
        Assert.Equal(0, (await (await other.GetAsync(Reserves)).AssertStatusAsync(200))["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Honors_awarded_by_the_honors_service_appear_once_in_the_secretarys_file_and_revocation_is_kept()
    {
        factory.Clock.Set(new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero));
        var tree = await factory.NewCountyAsync(1, 1);
        var village = tree.Townships[0].Villages[0];
        var township = factory.ClientFor(PartyRoles.Township, tree.Townships[0].Id);
        var memberId = Guid.NewGuid();
        var created = await (await township.PostJsonAsync(Url,
            new { branchId = village, memberId, name = "冯十", birthDate = "1985-01-01", education = "bachelor",
                appointedOn = "2025-01-01" }))
            .AssertStatusAsync(201);
        var id = created["id"]!.GetValue<Guid>();
        var bus = factory.Services.GetRequiredService<IBus>();
        HonorAwarded Award(Guid awardId, int year) => new()
        {
            AwardId = awardId, HonorTypeCode = "excellent-secretary", HonorName = "优秀党务工作者", Level = "county", SubjectKind = "member",
            SubjectId = memberId,
            OrgUnitId = village, Year = year, Batch = $"{year} 七一表彰", OccurredAt = DateTimeOffset.UtcNow,
        };
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var messageId = NewId.NextGuid();
        await bus.Publish(Award(first, 2025), c => c.MessageId = messageId);
        await bus.Publish(Award(first, 2025), c => c.MessageId = messageId);
        await bus.Publish(Award(first, 2025));
        await bus.Publish(Award(second, 2026));
        await bus.Publish(new HonorRevoked { AwardId = second, HonorTypeCode = "excellent-secretary", Level = "county",
            SubjectKind = "member", SubjectId = memberId, OrgUnitId = village, Year = 2026, Reason = "受到党纪处分",
            OccurredAt = DateTimeOffset.UtcNow });

        var file = await Eventually.ResultAsync(async () => await (await township.GetAsync($"{Url}/{id}")).AssertStatusAsync(200),
            // The revocation may overtake its award; wait until the award has filled in its name too.
            f => f["honors"]!.AsArray().Count == 2 && f["honors"]!.AsArray().Any(h => h!["revoked"]!.GetValue<bool>())
                 && f["honors"]!.AsArray().All(h => h!["honorName"]!.GetValue<string>() == "优秀党务工作者"), TimeSpan.FromSeconds(30),
                     "two honors, one revoked");
        var honors = file["honors"]!.AsArray();
        Assert.Equal([2025, 2026], honors.Select(h => h!["year"]!.GetValue<int>()).ToArray());
        Assert.False(honors[0]!["revoked"]!.GetValue<bool>());
        Assert.Equal("优秀党务工作者", honors[1]!["honorName"]!.GetValue<string>());
    }
}
