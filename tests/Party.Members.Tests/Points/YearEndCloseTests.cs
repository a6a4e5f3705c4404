using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Contracts.Members;
using Party.Members.Domain.Members;
using Party.Members.Domain.Points;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Members.Tests.Points;

public class YearEndCloseTests(ClockedMembersFactory factory) : IClassFixture<ClockedMembersFactory>
{
    [Fact]
    public async Task Close_scores_grades_with_the_excellent_cap_publishes_and_creates_follow_ups()
    {
        var received = new ConcurrentQueue<BranchAnnualAssessmentsPublished>();
        var bus = factory.Services.GetRequiredService<IBus>();
        var probe = bus.ConnectReceiveEndpoint("members-test-annual-" + Guid.NewGuid().ToString("N")[..6], e =>
            e.Handler<BranchAnnualAssessmentsPublished>(ctx => { received.Enqueue(ctx.Message); return Task.CompletedTask; }));
        await probe.Ready;

        factory.SetToday("2025-12-20");
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 2, villagesEach: 1);
        var branchId = tree.Townships[0].Villages[0];
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var branch = factory.ClientFor(PartyRoles.Branch, branchId);
        await PointsSetup.AdoptAsync(county, branch, branchId, 2025);

        // name, stage, items (B = all four base items)
        var plan = new (string Name, MemberStage Stage, string[] Items)[]
        {
            ("一号", MemberStage.Full, ["B", "C2", "C2"]),               // 120 优秀
            ("二号", MemberStage.Full, ["B", "C2", "C1"]),               // 115 优秀 (tie)
            ("三号", MemberStage.Full, ["B", "C2", "C1"]),               // 115 优秀 (tie, kept)
            ("四号", MemberStage.Full, ["B", "C2"]),                     // 110 → capped to 合格
            ("五号", MemberStage.Full, ["B"]),                           // 100 合格
            ("六号", MemberStage.Full, ["B1", "B2", "B3"]),              // 75 基本合格 → mentor talk
            ("七号", MemberStage.Probationary, ["B1", "B2"]),            // 50 不合格 → handling case + probation extension
            ("八号", MemberStage.Activist, ["B", "C2", "V1"]),           // veto → 0 不合格 → handling + activist cancellation
            ("九号", MemberStage.Activist, ["B", "C1"]),                 // 105 with contribution → priority candidate
            ("十号", MemberStage.Full, ["B", "C1", "C1", "C1", "D2"]),   // 100 + min(15,10) − 30 = 80 基本合格
            // The 优秀 share is counted over the ten party members (the two activists are not): quota floor(10 × 20%) = 2.
            ("十一号", MemberStage.Full, ["B"]),                         // 100 合格
            ("十二号", MemberStage.Full, ["B"]),                         // 100 合格
        };
        var ids = new Dictionary<string, Guid>();
        foreach (var (name, stage, items) in plan)
        {
            var id = ids[name] = await TestMembers.AddAsync(factory.Services, branchId, name, stage);
            var n = 0;
            foreach (var item in items.SelectMany(i => i == "B" ? new[] { "B1", "B2", "B3", "B4" } : [i]))
                await PointsSetup.EntryAsync(branch, id, item, $"2025-12-{16 + n++ % 5}");
        }
        var applicant = await TestMembers.AddAsync(factory.Services, branchId, "申请人", MemberStage.Applicant);
        var pendingId = await PointsSetup.EntryAsync(branch, ids["五号"], "D1", "2025-12-18", approve: false);

        // Not before the December window has closed on January 15th.
        factory.SetToday("2026-01-15");
        await (await branch.PostJsonAsync("/api/members/points/year-closes", new { branchId, year = 2025 }))
            .AssertProblemAsync(409, "points.year_not_over");
        factory.SetToday("2026-01-16");
        var pending = await (await branch.PostJsonAsync("/api/members/points/year-closes", new { branchId, year = 2025 }))
            .AssertProblemAsync(409, "points.entries_pending");
        Assert.Contains("1 条", pending["detail"]!.GetValue<string>());
        await (await county.PostJsonAsync($"/api/members/points/entries/{pendingId}/review", new { decision = "reject", reason = "不属实" }))
            .AssertStatusAsync(200);
        await (await factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id)
            .PostJsonAsync("/api/members/points/year-closes", new { branchId, year = 2025 }))
            .AssertProblemAsync(404, "branches.not_found");

        var summary = await (await branch.PostJsonAsync("/api/members/points/year-closes", new { branchId, year = 2025 }))
            .AssertStatusAsync(200);
        Assert.Equal(12, summary["members"]!.GetValue<int>());
        Assert.Equal(3, summary["excellent"]!.GetValue<int>());
        Assert.Equal(5, summary["qualified"]!.GetValue<int>());
        Assert.Equal(2, summary["basicallyQualified"]!.GetValue<int>());
        Assert.Equal(2, summary["unqualified"]!.GetValue<int>());
        await (await branch.PostJsonAsync("/api/members/points/year-closes", new { branchId, year = 2025 }))
            .AssertProblemAsync(409, "points.year_already_closed");

        var assessments = await TestMembers.WithDbAsync(factory.Services, db =>
            db.Set<AnnualAssessment>().AsNoTracking().Where(a => a.BranchId == branchId).ToListAsync());
        var byName = assessments.ToDictionary(a => a.MemberName);
        Assert.DoesNotContain("申请人", byName.Keys);
        var expected = new (string Name, decimal Score, Grade Grade, bool Capped)[]
        {
            ("一号", 120, Grade.Excellent, false), ("二号", 115, Grade.Excellent, false), ("三号", 115, Grade.Excellent, false),
            ("四号", 110, Grade.Qualified, true), ("五号", 100, Grade.Qualified, false), ("六号", 75, Grade.BasicallyQualified, false),
            ("七号", 50, Grade.Unqualified, false), ("八号", 0, Grade.Unqualified, false), ("九号", 105, Grade.Qualified, false),
            ("十号", 80, Grade.BasicallyQualified, false),
        };
        foreach (var (name, score, grade, capped) in expected)
        {
            Assert.True(byName[name].Score == score && byName[name].Grade == grade && byName[name].ExcellentCapped == capped,
                $"{name}: {byName[name].Score} {byName[name].Grade} capped={byName[name].ExcellentCapped}");
        }
        Assert.True(byName["八号"].Vetoed);
        Assert.Equal(10, byName["十号"].Contribution);

        var followUps = await TestMembers.WithDbAsync(factory.Services, db =>
            db.Set<FollowUpTask>().AsNoTracking().Where(f => f.BranchId == branchId).ToListAsync());
        var kinds = followUps.Select(f => (assessments.Single(a => a.MemberId == f.MemberId).MemberName, f.Kind)).OrderBy(x => x.MemberName)
            .ThenBy(x => x.Kind).ToList();
        Assert.Equal(new[]
        {
            ("七号", FollowUpKind.HandlingCase), ("七号", FollowUpKind.ProbationExtension),
            ("九号", FollowUpKind.ActivistPriority),
            ("八号", FollowUpKind.HandlingCase), ("八号", FollowUpKind.ActivistCancellation),
            ("六号", FollowUpKind.MentorTalk), ("十号", FollowUpKind.MentorTalk),
        }.OrderBy(x => x.Item1).ThenBy(x => x.Item2), kinds);

        // The member record shows the grade the close wrote into the assessments.
        var listed = (await (await county.GetAsync($"/api/members/members?branchId={branchId}&pageSize=50"))
            .AssertStatusAsync(200))["items"]!.AsArray();
        Assert.Equal(13, listed.Count);
        Assert.All(listed.Where(m => m!["stage"]!.GetValue<string>() != "applicant"), m =>
            Assert.Equal(2025, m!["lastAnnualGradeYear"]!.GetValue<int>()));
        async Task<(string? Grade, int? Year)> Shown(Guid id)
        {
            var m = await (await county.GetAsync($"/api/members/members/{id}")).AssertStatusAsync(200);
            return (m["lastAnnualGrade"]?.GetValue<string>(), m["lastAnnualGradeYear"]?.GetValue<int>());
        }
        Assert.Equal(("excellent", 2025), await Shown(ids["一号"]));
        Assert.Equal(("unqualified", 2025), await Shown(ids["八号"]));
        Assert.Equal((null, null), await Shown(applicant));
        var members = await TestMembers.WithDbAsync(factory.Services, db =>
            db.Set<Member>().AsNoTracking().Where(m => m.BranchId == branchId).ToListAsync());
        Assert.True(members.Single(m => m.Name == "九号").PriorityCandidate);
        Assert.False(members.Single(m => m.Name == "八号").PriorityCandidate);

        // One event for the branch, with every member's grade in it.
        var events = await Eventually.ResultAsync(() => Task.FromResult(received.Where(r => r.BranchId == branchId).ToList()),
            l => l.Count >= 1, TimeSpan.FromSeconds(15), "the branch's BranchAnnualAssessmentsPublished");
        var branchEvent = Assert.Single(events);
        Assert.Equal(2025, branchEvent.Year);
        var published = branchEvent.Assessments;
        Assert.Equal(12, published.Select(p => p.MemberId).Distinct().Count());
        var nine = published.Single(p => p.MemberName == "九号");
        Assert.Equal(("qualified", 105m, "activist", false), (nine.Grade, nine.Score, nine.Stage, nine.Vetoed));
        Assert.True(published.Single(p => p.MemberName == "八号").Vetoed);

        // Closed year: no more entries or reviews for it.
        factory.SetToday("2026-01-16");
        var follow = await (await branch.GetAsync($"/api/members/points/follow-ups?branchId={branchId}&kind=mentorTalk"))
            .AssertStatusAsync(200);
        Assert.Equal(2, follow["total"]!.GetValue<long>());
        var taskId = follow["items"]![0]!["id"]!.GetValue<Guid>();
        await (await branch.PostJsonAsync($"/api/members/points/follow-ups/{taskId}/complete", new { outcome = "1月20日书记谈话，指定王五帮扶" }))
            .AssertStatusAsync(200);
        var other = factory.ClientFor(PartyRoles.Township, tree.Townships[1].Id);
        await (await other.PostJsonAsync($"/api/members/points/follow-ups/{taskId}/complete", new { outcome = "x" }))
            .AssertProblemAsync(404, "points_follow_ups.not_found");
        Assert.Equal(0,
            (await (await other.GetAsync("/api/members/points/assessments?year=2025")).AssertStatusAsync(200))["total"]!.GetValue<long>());
        var xlsx = await branch.GetAsync($"/api/members/points/assessments?branchId={branchId}&year=2025&format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        await probe.StopAsync();
    }

    [Fact]
    public async Task Activist_unqualified_two_years_running_is_cancelled_and_the_previous_grade_is_kept()
    {
        factory.SetToday("2024-12-20");
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 1, villagesEach: 1);
        var branchId = tree.Townships[0].Villages[0];
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var branch = factory.ClientFor(PartyRoles.Branch, branchId);
        await PointsSetup.AdoptAsync(county, branch, branchId, 2024);
        var activist = await TestMembers.AddAsync(factory.Services, branchId, "积极分子", MemberStage.Activist);
        await PointsSetup.EntryAsync(branch, activist, "B1", "2024-12-16");
        factory.SetToday("2025-01-20");
        await (await branch.PostJsonAsync("/api/members/points/year-closes", new { branchId, year = 2024 })).AssertStatusAsync(200);
        await PointsSetup.AdoptAsync(county, branch, branchId, 2025);
        await PointsSetup.EntryAsync(branch, activist, "B1", "2025-01-16");
        factory.SetToday("2026-01-20");
        await (await branch.PostJsonAsync("/api/members/points/year-closes", new { branchId, year = 2025 })).AssertStatusAsync(200);

        var tasks = await TestMembers.WithDbAsync(factory.Services, db =>
            db.Set<FollowUpTask>().AsNoTracking().Where(f => f.MemberId == activist).ToListAsync());
        Assert.DoesNotContain(tasks, t => t.Year == 2024 && t.Kind == FollowUpKind.ActivistCancellation);
        Assert.Contains(tasks, t => t.Year == 2025 && t.Kind == FollowUpKind.ActivistCancellation);
        var shown = await (await branch.GetAsync($"/api/members/members/{activist}")).AssertStatusAsync(200);
        Assert.Equal(("unqualified", 2025), (shown["lastAnnualGrade"]!.GetValue<string>(), shown["lastAnnualGradeYear"]!.GetValue<int>()));
        var grades = await TestMembers.WithDbAsync(factory.Services, db =>
            db.Set<AnnualAssessment>().AsNoTracking().Where(a => a.MemberId == activist)
            .OrderBy(a => a.Year).Select(a => new { a.Year, a.Grade }).ToListAsync());
        Assert.Equal(new[] { (2024, Grade.Unqualified), (2025, Grade.Unqualified) }, grades.Select(g => (g.Year, g.Grade)));
    }

    [Fact]
    public async Task A_township_closes_all_its_branches_in_one_batch_and_only_once()
    {
        factory.SetToday("2025-12-20");
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 2, villagesEach: 2);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var t1 = tree.Townships[0];
        foreach (var v in t1.Villages)
        {
            var b = factory.ClientFor(PartyRoles.Branch, v);
            await PointsSetup.AdoptAsync(county, b, v, 2025);
            var m = await TestMembers.AddAsync(factory.Services, v, "党员" + v.ToString()[..4]);
            foreach (var item in new[] { "B1", "B2", "B3", "B4" }) await PointsSetup.EntryAsync(b, m, item, "2025-12-16");
        }
        var foreignMember = await TestMembers.AddAsync(factory.Services, tree.Townships[1].Villages[0], "外乡镇党员");
        factory.SetToday("2026-02-01");
        var township = factory.ClientFor(PartyRoles.Township, t1.Id);
        await (await township.PostJsonAsync("/api/members/points/year-closes",
            new { branchId = t1.Villages[0], unitId = t1.Id, year = 2025 })).AssertProblemAsync(400, "validation.failed");
        var summary = await (await township.PostJsonAsync("/api/members/points/year-closes", new { unitId = t1.Id, year = 2025 }))
            .AssertStatusAsync(200);
        Assert.Equal((2, 2, 2),
            (summary["branches"]!.GetValue<int>(), summary["members"]!.GetValue<int>(), summary["qualified"]!.GetValue<int>()));
        await (await township.PostJsonAsync("/api/members/points/year-closes", new { unitId = t1.Id, year = 2025 }))
            .AssertProblemAsync(409, "points.year_already_closed");
        var foreign = await TestMembers.WithDbAsync(factory.Services, db =>
            db.Set<AnnualAssessment>().AnyAsync(a => a.MemberId == foreignMember));
        Assert.False(foreign);
    }

    [Fact]
    public async Task A_close_split_into_one_transaction_per_branch_closes_each_branch_once_and_publishes_once_per_member()
    {
        factory.SetToday("2025-12-20");
        var tree = await ReplicaSeeder.SeedCountyAsync(factory.Services, townships: 1, villagesEach: 3);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var villages = tree.Townships[0].Villages;
        var members = new List<Guid>();
        foreach (var v in villages)
        {
            var b = factory.ClientFor(PartyRoles.Branch, v);
            await PointsSetup.AdoptAsync(county, b, v, 2025);
            for (var i = 0; i < 2; i++)
            {
                var m = await TestMembers.AddAsync(factory.Services, v, $"党员{members.Count}");
                members.Add(m);
                foreach (var item in new[] { "B1", "B2", "B3", "B4" }) await PointsSetup.EntryAsync(b, m, item, "2025-12-16");
            }
        }
        var rules = await TestMembers.WithDbAsync(factory.Services, db =>
            db.Set<PointsRules>().AsNoTracking().OrderByDescending(r => r.EffectiveFrom).FirstAsync());
        var scopes = factory.Services.GetRequiredService<IServiceScopeFactory>();
        var branches = villages.ToArray();

        var summary = await Party.Members.Jobs.YearEndClose.CloseAsync(scopes, branches, 2025, rules, "test", DateTimeOffset.UtcNow,
            CancellationToken.None, branchesPerTransaction: 1);
        Assert.Equal((3, 3, 6, 6), (summary.BatchIds.Distinct().Count(), summary.Branches, summary.Members, summary.Qualified));
        var again = await Party.Members.Jobs.YearEndClose.CloseAsync(scopes, branches, 2025, rules, "test", DateTimeOffset.UtcNow,
            CancellationToken.None, branchesPerTransaction: 2);
        Assert.Equal((0, 0), (again.Branches, again.Members));

        var (assessed, published, events, closes) = await TestMembers.WithDbAsync(factory.Services, async db => (
            await db.Set<AnnualAssessment>().CountAsync(a => members.Contains(a.MemberId)),
            await db.Database.SqlQuery<int>($"""
                SELECT COUNT(*)::int AS "Value" FROM outbox_messages o CROSS JOIN json_array_elements(o.body->'assessments') a
                WHERE o.type LIKE '%BranchAnnualAssessmentsPublished' AND (a->>'memberId')::uuid = ANY({members.ToArray()})
                """).SingleAsync(),
            await db.Database.SqlQuery<int>($"""
                SELECT COUNT(*)::int AS "Value" FROM outbox_messages
                WHERE type LIKE '%BranchAnnualAssessmentsPublished' AND (body->>'branchId')::uuid = ANY({branches})
                """).SingleAsync(),
            await db.Set<YearClose>().Where(c => branches.Contains(c.BranchId)).Select(c => new { c.BranchId, c.Members, c.BatchId })
                .ToListAsync()));
        Assert.Equal((6, 6, 3), (assessed, published, events));
        Assert.All(closes, c => Assert.Equal(2, c.Members));
        Assert.Equal(3, closes.Select(c => c.BatchId).Distinct().Count());
    }
}
