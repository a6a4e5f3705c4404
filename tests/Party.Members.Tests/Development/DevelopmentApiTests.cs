using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Common;
using Party.Contracts.Members;
using Party.Members.Data;
using Party.Members.Domain.Identity;
using Party.Members.Domain.Points;
using Party.Members.Tests.Members;
using Party.Members.Tests.Points;
using Party.Testing;
using Member = Party.Members.Domain.Members.Member;

namespace Party.Members.Tests.Development;

public class DevelopmentApiTests(MembersFactory factory) : IClassFixture<MembersFactory>
{
    private static DateOnly Today => BusinessDate.Of(DateTimeOffset.UtcNow);
    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd");
    private static string Dev(Guid id, string action = "") => $"/api/members/development/{id}{(action.Length > 0 ? "/" + action : "")}";

    [Fact]
    public async Task Candidate_to_probationary_to_full_passes_every_guard_in_turn_and_publishes_each_change()
    {
        await using var probe = await EventProbe<MemberStageChanged>.StartAsync(factory.Services);
        var county = await County.SeedAsync(factory);
        var a = county.TownshipA;
        var birth = new DateOnly(1996, 4, 10);
        var candidate = County.IdOf(await County.CreateAsync(a,
            County.NewMember(county.VillageA1, stage: "candidate", birth: birth, name: "发展对象甲")));
        var introducer1 = County.IdOf(await County.CreateAsync(a, County.NewMember(county.VillageA1, name: "介绍人一")));
        var introducer2 = County.IdOf(await County.CreateAsync(a, County.NewMember(county.VillageA2, name: "介绍人二")));
        var probationary = County.IdOf(await County.CreateAsync(a,
            County.NewMember(county.VillageA1, stage: "probationary", name: "预备党员")));
        var admitOn = Today.AddYears(-2);

        async Task Refused(string guard) =>
            await (await a.PostJsonAsync(Dev(candidate, "admit-probationary"), new { on = D(admitOn) }))
                .AssertProblemAsync(422, $"development.guard.{guard}");

        await Refused("political_review_passed");
        await (await a.PostJsonAsync(Dev(candidate, "political-review"),
            new { passed = true, on = D(admitOn.AddDays(-40)), note = "政审合格" })).AssertStatusAsync(200);
        await Refused("public_notice_finished");

        var noticed = await (await a.PostJsonAsync(Dev(candidate, "public-notices"),
            new { startsOn = D(admitOn.AddDays(-20)), content = "拟接收预备党员公示" })).AssertStatusAsync(200);
        var notice = noticed["notices"]![0]!;
        var noticeId = notice["id"]!.GetValue<string>();
        var noticeEnd = DateOnly.Parse(notice["endsOn"]!.GetValue<string>());
        Assert.Equal(Domain.Development.PublicNotice.EndOf(admitOn.AddDays(-20), 5), noticeEnd);
        await (await a.PostJsonAsync(Dev(candidate, $"public-notices/{noticeId}/objections"),
            new { filedOn = D(noticeEnd.AddDays(1)), filedBy = "群众", content = "迟到的异议" }))
            .AssertProblemAsync(422, "development.objection_outside_notice");
        var objected = await (await a.PostJsonAsync(Dev(candidate, $"public-notices/{noticeId}/objections"),
            new { filedOn = D(noticeEnd), filedBy = "村民李某", content = "反映其曾拖欠集体承包款" })).AssertStatusAsync(200);
        await Refused("no_open_objection");
        var objectionId = objected["notices"]![0]!["objections"]![0]!["id"]!.GetValue<string>();
        await (await a.PostJsonAsync(Dev(candidate, $"objections/{objectionId}/resolve"), new { resolution = "经核实已结清" }))
            .AssertStatusAsync(200);
        await Refused("admission_vote_passed");

        await (await a.PostJsonAsync(Dev(candidate, "votes"),
            new { purpose = "admission", heldOn = D(admitOn), entitledToVote = 10, yes = 5, no = 3, abstain = 2 })).AssertStatusAsync(200);
        await Refused("admission_vote_passed");
        await (await a.PostJsonAsync(Dev(candidate, "votes"),
            new { purpose = "admission", heldOn = D(admitOn), entitledToVote = 10, yes = 6, no = 3, abstain = 2 }))
            .AssertProblemAsync(400, "validation.failed"); // 11 votes from 10 entitled
        await (await a.PostJsonAsync(Dev(candidate, "votes"),
            new { purpose = "admission", heldOn = D(admitOn), entitledToVote = 10, yes = 6, no = 3, abstain = 1 })).AssertStatusAsync(200);
        await Refused("two_full_member_introducers");

        await (await a.PostJsonAsync(Dev(candidate, "introducers"), new { introducerId = probationary }))
            .AssertProblemAsync(422, "development.introducer_not_full_member");
        await (await a.PostJsonAsync(Dev(candidate, "introducers"), new { introducerId = introducer1 })).AssertStatusAsync(200);
        await (await a.PostJsonAsync(Dev(candidate, "introducers"), new { introducerId = introducer1 }))
            .AssertProblemAsync(409, "development.introducer_duplicate");
        await Refused("two_full_member_introducers");
        await (await a.PostJsonAsync(Dev(candidate, "introducers"), new { introducerId = introducer2 })).AssertStatusAsync(200);

        var admitted = await (await a.PostJsonAsync(Dev(candidate, "admit-probationary"), new { on = D(admitOn), reason = "支部大会通过" }))
            .AssertStatusAsync(200);
        Assert.Equal("probationary", admitted["stage"]!.GetValue<string>());
        Assert.Equal(D(admitOn.AddYears(1)), admitted["probationEndsOn"]!.GetValue<string>());
        var toProbationary = await probe.WaitForAsync(e => e.MemberId == candidate && e.ToStage == "probationary",
            "MemberStageChanged → probationary");
        Assert.Equal("candidate", toProbationary.FromStage);
        Assert.Equal(admitOn, toProbationary.ChangedOn);
        Assert.Equal(CitizenId.AgeOn(birth, admitOn), toProbationary.AgeAtChange);
        Assert.Equal(birth, toProbationary.BirthDate);
        Assert.Equal(county.VillageA1, toProbationary.BranchId);
        Assert.Equal("发展对象甲", toProbationary.MemberName);

        await (await a.PostJsonAsync(Dev(candidate, "confirm-full"), new { on = D(admitOn.AddYears(1).AddDays(-1)) }))
            .AssertProblemAsync(422, "development.guard.probation_completed");
        await (await a.PostJsonAsync(Dev(candidate, "confirm-full"), new { on = D(admitOn.AddYears(1)) }))
            .AssertProblemAsync(422, "development.guard.full_membership_vote_passed");
        await (await a.PostJsonAsync(Dev(candidate, "votes"),
            new { purpose = "fullMembership", heldOn = D(admitOn.AddYears(1)), entitledToVote = 12, yes = 7, no = 5, abstain = 0 }))
            .AssertStatusAsync(200);
        var full = await (await a.PostJsonAsync(Dev(candidate, "confirm-full"), new { on = D(admitOn.AddYears(1)) }))
            .AssertStatusAsync(200);
        Assert.Equal("full", full["stage"]!.GetValue<string>());
        Assert.Null(full["nextStep"]);
        await probe.WaitForAsync(e => e.MemberId == candidate && e.ToStage == "full" && e.FromStage == "probationary",
            "MemberStageChanged → full");

        var record = await (await a.GetAsync(Dev(candidate))).AssertStatusAsync(200);
        Assert.Equal(2, record["introducers"]!.AsArray().Count);
        Assert.Equal(3, record["votes"]!.AsArray().Count);
        Assert.Equal("经核实已结清", record["notices"]![0]!["objections"]![0]!["resolution"]!.GetValue<string>());
        var history = await (await a.GetAsync($"/api/members/members/{candidate}/history?pageSize=200")).AssertStatusAsync(200);
        var actions = history["items"]!.AsArray().Select(i => i!["action"]!.GetValue<string>()).ToList();
        Assert.Equal(2, actions.Count(x => x == "stage_changed"));
        Assert.Contains("objection_resolved", actions);
        Assert.Contains("political_review_recorded", actions);
    }

    [Fact]
    public async Task Applicant_to_activist_needs_a_recommendation_and_activist_to_candidate_names_its_first_failing_guard()
    {
        var county = await County.SeedAsync(factory);
        var a = county.TownshipA;
        var id = County.IdOf(await County.CreateAsync(a, County.NewMember(county.VillageA1, stage: "applicant")));
        var activistOn = Today.AddYears(-2);

        await (await a.PostJsonAsync(Dev(id, "become-activist"), new { on = D(activistOn) }))
            .AssertProblemAsync(422, "development.guard.recommendation_recorded");
        await (await a.PostJsonAsync(Dev(id, "become-candidate"), new { })).AssertProblemAsync(422, "development.guard.stage_order");
        await (await a.PostJsonAsync(Dev(id, "recommendation"),
            new { kind = "massOrganization", on = D(activistOn.AddDays(-10)), note = "共青团推优" })).AssertStatusAsync(200);
        await (await a.PostJsonAsync(Dev(id, "become-activist"), new { on = "1999-12-31" }))
            .AssertProblemAsync(422, "development.guard.date_order");
        await (await a.PostJsonAsync(Dev(id, "become-activist"), new { on = D(Today.AddDays(1)) }))
            .AssertProblemAsync(400, "validation.failed");
        var activist = await (await a.PostJsonAsync(Dev(id, "become-activist"), new { on = D(activistOn) })).AssertStatusAsync(200);
        Assert.Equal("activist", activist["stage"]!.GetValue<string>());
        Assert.Equal("candidate", activist["nextStep"]!["target"]!.GetValue<string>());
        Assert.False(activist["nextStep"]!["allowed"]!.GetValue<bool>());

        // A year too early names the year; on time, the missing training record is named.
        await (await a.PostJsonAsync(Dev(id, "become-candidate"), new { on = D(activistOn.AddYears(1).AddDays(-1)) }))
            .AssertProblemAsync(422, "development.guard.one_year_as_activist");
        var refused = await (await a.PostJsonAsync(Dev(id, "become-candidate"), new { on = D(activistOn.AddYears(1)) }))
            .AssertProblemAsync(422, "development.guard.training_recorded");
        Assert.Contains("培训", refused["detail"]!.GetValue<string>());

        // Training recorded once in the training area is what the guard reads: the next guard is named instead.
        await (await a.PostJsonAsync("/api/members/training", new
        {
            memberIds = new[] { id }, kind = "入党积极分子培训", hours = 8m, trainedOn = D(Today.AddDays(-7)), organizer = "乡镇党委",
        })).AssertStatusAsync(201);
        await (await a.PostJsonAsync(Dev(id, "become-candidate"), new { on = D(activistOn.AddYears(1)) }))
            .AssertProblemAsync(422, "development.guard.member_appraisal_recorded");
        var member = await (await a.GetAsync($"/api/members/members/{id}")).AssertStatusAsync(200);
        Assert.Equal("activist", member["stage"]!.GetValue<string>());
    }

    [Fact]
    public async Task Probation_is_extended_once_by_6_to_12_months_and_cancelled_after_a_failed_vote()
    {
        await using var stages = await EventProbe<MemberStageChanged>.StartAsync(factory.Services);
        await using var statuses = await EventProbe<MemberStatusChanged>.StartAsync(factory.Services);
        var county = await County.SeedAsync(factory);
        var a = county.TownshipA;
        var id = County.IdOf(await County.CreateAsync(a, County.NewMember(county.VillageA1, stage: "probationary")));

        await (await a.PostJsonAsync(Dev(id, "extend-probation"), new { months = 13, reason = "年度积分不合格" }))
            .AssertProblemAsync(422, "development.guard.extension_months");
        var extended = await (await a.PostJsonAsync(Dev(id, "extend-probation"), new { months = 6, reason = "年度积分不合格" }))
            .AssertStatusAsync(200);
        Assert.Equal("2004-01-01", extended["probationEndsOn"]!.GetValue<string>()); // 2002-07-01 + 1 year + 6 months
        Assert.Equal(6, extended["probationExtendedMonths"]!.GetValue<int>());
        await (await a.PostJsonAsync(Dev(id, "extend-probation"), new { months = 6, reason = "再次" }))
            .AssertProblemAsync(422, "development.guard.extended_once");

        await (await a.PostJsonAsync(Dev(id, "cancel-probation"), new { reason = "x" }))
            .AssertProblemAsync(422, "development.guard.cancellation_ground");
        await (await a.PostJsonAsync(Dev(id, "votes"),
            new { purpose = "fullMembership", heldOn = "2004-01-05", entitledToVote = 10, yes = 5, no = 5, abstain = 0 }))
            .AssertStatusAsync(200);
        await (await a.PostJsonAsync(Dev(id, "confirm-full"), new { on = "2004-01-05" }))
            .AssertProblemAsync(422, "development.guard.full_membership_vote_passed");
        var cancelled = await (await a.PostJsonAsync(Dev(id, "cancel-probation"), new { reason = "转正表决未通过" })).AssertStatusAsync(200);
        Assert.Equal("stageCancelled", cancelled["status"]!.GetValue<string>());
        await stages.WaitForAsync(e => e.MemberId == id && e.ToStage == "cancelled" && e.FromStage == "probationary",
            "MemberStageChanged → cancelled");
        await statuses.WaitForAsync(e => e.MemberId == id && e.ToStatus == "stageCancelled", "MemberStatusChanged → stageCancelled");
        await (await a.PostJsonAsync(Dev(id, "confirm-full"), new { on = "2004-01-06" }))
            .AssertProblemAsync(422, "development.guard.status_allows_development");
    }

    [Fact]
    public async Task Activist_priority_flag_and_cancellation_follow_the_grades_the_points_close_wrote()
    {
        var county = await County.SeedAsync(factory);
        var a = county.TownshipA;
        var good = County.IdOf(await County.CreateAsync(a, County.NewMember(county.VillageA1, stage: "activist")));
        var poor = County.IdOf(await County.CreateAsync(a, County.NewMember(county.VillageA1, stage: "activist")));

        await (await a.PostJsonAsync(Dev(good, "priority-candidate"), new { }))
            .AssertProblemAsync(422, "development.guard.priority_points");
        await (await a.PostJsonAsync(Dev(poor, "cancel-activist"), new { reason = "连续两年不合格" }))
            .AssertProblemAsync(422, "development.guard.cancellation_ground");

        // The assessments the year-end points close writes (the points area owns that close).
        await TestMembers.GradeAsync(factory.Services, good, 2025, Grade.Qualified, score: 100m, contribution: 3m);
        await TestMembers.GradeAsync(factory.Services, poor, 2024, Grade.Unqualified, score: 50m);
        await TestMembers.GradeAsync(factory.Services, poor, 2025, Grade.Unqualified, score: 40m);

        var flagged = await (await a.PostJsonAsync(Dev(good, "priority-candidate"), new { })).AssertStatusAsync(200);
        Assert.True(flagged["priorityCandidate"]!.GetValue<bool>());
        await (await a.PostJsonAsync(Dev(good, "priority-candidate"), new { })).AssertProblemAsync(409, "development.already_priority");
        var history = await (await a.GetAsync($"/api/members/members/{good}/history")).AssertStatusAsync(200);
        Assert.Contains(history["items"]!.AsArray(), i =>
            i!["action"]!.GetValue<string>() == "priority_flagged" && i["reason"]!.GetValue<string>() == "2025 年度积分 100");
        var cancelled = await (await a.PostJsonAsync(Dev(poor, "cancel-activist"), new { reason = "连续两年积分不合格" })).AssertStatusAsync(200);
        Assert.Equal("stageCancelled", cancelled["status"]!.GetValue<string>());
        // A cancelled record has no further step it may take.
        Assert.Equal("status_allows_development", cancelled["nextStep"]!["failingGuard"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_a_veto_recorded_during_the_probation_cancels_it()
    {
        var county = await County.SeedAsync(factory);
        var a = county.TownshipA;
        var id = County.IdOf(await County.CreateAsync(a, County.NewMember(county.VillageA1, stage: "probationary"))); // admitted 2002-07-01
        await WithDb(db =>
            db.Set<Member>().Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastVetoedOn, new DateOnly(2002, 6, 30))));
        await (await a.PostJsonAsync(Dev(id, "cancel-probation"), new { reason = "一票否决" }))
            .AssertProblemAsync(422, "development.guard.cancellation_ground");
        await WithDb(db =>
            db.Set<Member>().Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastVetoedOn, new DateOnly(2002, 7, 1))));
        var cancelled = await (await a.PostJsonAsync(Dev(id, "cancel-probation"), new { reason = "一票否决" })).AssertStatusAsync(200);
        Assert.Equal("stageCancelled", cancelled["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_transition_sent_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var county = await County.SeedAsync(factory);
        var a = county.TownshipA;
        var id = County.IdOf(await County.CreateAsync(a, County.NewMember(county.VillageA1, stage: "applicant")));
        await (await a.PostJsonAsync(Dev(id, "recommendation"), new { kind = "partyMembers", on = D(Today) })).AssertStatusAsync(200);
        var stale = (await a.GetAsync($"/api/members/members/{id}")).Headers.ETag!.Tag;
        await (await a.PostJsonAsync($"/api/members/members/{id}/status", new { status = "mobile", reason = "外出务工" }))
            .AssertStatusAsync(200);

        var request = new HttpRequestMessage(HttpMethod.Post, Dev(id, "become-activist"))
            { Content = System.Net.Http.Json.JsonContent.Create(new { on = D(Today) }) };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(stale));
        await (await a.SendAsync(request)).AssertProblemAsync(412, "concurrency.stale");
        var member = await (await a.GetAsync($"/api/members/members/{id}")).AssertStatusAsync(200);
        Assert.Equal("applicant", member["stage"]!.GetValue<string>());
        var history = await (await a.GetAsync($"/api/members/members/{id}/history")).AssertStatusAsync(200);
        Assert.DoesNotContain(history["items"]!.AsArray(), i => i!["action"]!.GetValue<string>() == "stage_changed");
    }

    private async Task WithDb(Func<MembersDbContext, Task> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<MembersDbContext>());
    }
}
