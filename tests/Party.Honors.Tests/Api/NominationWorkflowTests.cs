using System.Collections.Concurrent;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Party.Contracts.Honors;
using Party.Contracts.Members;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Honors.Tests.Api;

public class NominationWorkflowTests(HonorsFactory factory) : IClassFixture<HonorsFactory>
{
    [Fact]
    public async Task Full_round_from_nomination_to_award_with_three_bureau_clients()
    {
        var received = new ConcurrentQueue<HonorAwarded>();
        var probe = factory.Bus.ConnectReceiveEndpoint("honors-test-probe-" + Guid.NewGuid().ToString("N")[..6], e =>
            e.Handler<HonorAwarded>(ctx => { received.Enqueue(ctx.Message); return Task.CompletedTask; }));
        await probe.Ready;

        var tree = await TreeOf.SeedAsync(factory);
        var memberId = Guid.NewGuid();
        await Facts.FullMemberAsync(factory, memberId, tree.Village(0), "张优秀");
        var township = factory.Client(PartyRoles.Township, tree.Township(0));
        var county = factory.Client(PartyRoles.County, tree.County);

        var nomination = await Rounds.NominateMemberAsync(township, memberId);
        var id = Guid.Parse(nomination["id"]!.GetValue<string>());
        Assert.Equal("underReview", nomination["status"]!.GetValue<string>());
        Assert.Equal("张优秀", nomination["subjectName"]!.GetValue<string>());
        Assert.Equal(3, nomination["missingOpinions"]!.AsArray().Count);

        // Neither approval nor award before the joint review is complete.
        var blocked = await (await county.PostAsync($"/api/honors/nominations/{id}/approve", null))
            .AssertProblemAsync(422, "honors.approval_blocked");
        Assert.NotNull(blocked["errors"]!["opinions_missing"]);
        var early = await (await county.PostJsonAsync("/api/honors/award-batches",
            new { name = "2026 七一表彰", nominationIds = new[] { id } }))
            .AssertProblemAsync(422, "honors.award_blocked");
        Assert.Contains("尚未完成联审", early["detail"]!.GetValue<string>());

        // The discipline commission retries with the same Idempotency-Key: one opinion is recorded.
        var discipline = factory.Bureau("discipline-commission", tree.County);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/honors/nominations/{id}/opinions")
            {
                Content = JsonContent.Create(new { verdict = "pass", comment = "无违纪记录。" }),
            };
            request.Headers.Add("Idempotency-Key", $"op-{id}");
            var response = await discipline.SendAsync(request);
            await response.AssertStatusAsync(200);
            Assert.Equal(attempt == 1, response.Headers.Contains("Idempotent-Replayed"));
        }
        // The unit's opinion is the natural key: the same opinion sent under another key is not recorded a second time.
        using (var again = new HttpRequestMessage(HttpMethod.Post, $"/api/honors/nominations/{id}/opinions")
            { Content = JsonContent.Create(new { verdict = "pass", comment = "无违纪记录。" }) })
        {
            again.Headers.Add("Idempotency-Key", $"op-again-{id}");
            Assert.Single((await (await discipline.SendAsync(again)).AssertStatusAsync(200))["opinions"]!.AsArray());
        }
        await Rounds.ReviewAsync(factory, tree.County, id, ["political-legal-committee"]);
        await Rounds.ReviewAsync(factory, tree.County, id, ["public-security"], verdict: "objection");
        var objecting = await (await county.PostAsync($"/api/honors/nominations/{id}/approve", null))
            .AssertProblemAsync(422, "honors.approval_blocked");
        Assert.NotNull(objecting["errors"]!["objection_unresolved"]);
        Assert.Null(objecting["errors"]!["opinions_missing"]);
        // Public security looks again and passes: its newest opinion counts.
        await Rounds.ReviewAsync(factory, tree.County, id, ["public-security"]);

        var approved = await (await county.PostAsync($"/api/honors/nominations/{id}/approve", null)).AssertStatusAsync(200);
        Assert.Equal("onNotice", approved["status"]!.GetValue<string>());
        Assert.Equal(4, approved["opinions"]!.AsArray().Count);
        var notFinished = await (await county.PostJsonAsync("/api/honors/award-batches",
            new { name = "2026 七一表彰", nominationIds = new[] { id } }))
            .AssertProblemAsync(422, "honors.award_blocked");
        Assert.Contains("公示期", notFinished["detail"]!.GetValue<string>());

        // An objection during notice is filed, then dismissed by the county.
        var objection = await (await township.PostJsonAsync($"/api/honors/nominations/{id}/objections", new { content = "群众反映其曾拖欠集体承包款。" }))
            .AssertStatusAsync(201);
        await (await county.PostJsonAsync($"/api/honors/nominations/{id}/objections/{objection["id"]}/resolve",
            new { upheld = false, resolution = "经核实已于 2024 年结清。" }))
            .AssertStatusAsync(200);

        factory.Clock.Advance(TimeSpan.FromDays(10));
        try
        {
            var batch = await (await county.PostJsonAsync("/api/honors/award-batches",
                new { name = "2026 七一表彰", nominationIds = new[] { id } })).AssertStatusAsync(200);
            var awardId = Guid.Parse(batch["awards"]![0]!["awardId"]!.GetValue<string>());
            var published = await Eventually.ResultAsync(() => Task.FromResult(received.FirstOrDefault(e => e.AwardId == awardId)),
                e => e is not null, TimeSpan.FromSeconds(10), "HonorAwarded published");
            Assert.Equal("excellent-member", published!.HonorTypeCode);
            Assert.Equal("county", published.Level);
            Assert.Equal("member", published.SubjectKind);
            Assert.Equal(memberId, published.SubjectId);
            Assert.Equal("2026 七一表彰", published.Batch);

            var after = await (await county.GetAsync($"/api/honors/nominations/{id}")).AssertStatusAsync(200);
            Assert.Equal("awarded", after["status"]!.GetValue<string>());
            var again = await (await county.PostJsonAsync("/api/honors/award-batches",
                new { name = "2026 七一表彰", nominationIds = new[] { id } }))
                .AssertProblemAsync(422, "honors.award_blocked");
            Assert.NotNull(again);
        }
        finally
        {
            factory.Clock.Advance(TimeSpan.FromDays(-10));
        }

        var audit = await (await county.GetAsync($"/api/honors/audit?entity=nomination&entityId={id}&pageSize=200")).AssertStatusAsync(200);
        var actions = audit["items"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()).ToList();
        Assert.Equal(["nominated", "opinion:disciplineCommission", "opinion:politicalLegalCommittee", "opinion:publicSecurity",
            "opinion:publicSecurity", "approved", "objection_filed", "objection_resolved", "awarded"], actions);
        var profile = await (await county.GetAsync($"/api/honors/profiles/{memberId}")).AssertStatusAsync(200);
        Assert.Single(profile["awards"]!.AsArray());
        await probe.StopAsync();
    }

    [Fact]
    public async Task An_open_objection_during_notice_blocks_the_award_and_an_upheld_one_rejects_the_nomination()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var memberId = Guid.NewGuid();
        await Facts.FullMemberAsync(factory, memberId, tree.Village(1), "李公示");
        var county = factory.Client(PartyRoles.County, tree.County);
        var id = Guid.Parse((await Rounds.NominateMemberAsync(county, memberId))["id"]!.GetValue<string>());
        await Rounds.ReviewAsync(factory, tree.County, id, Rounds.MemberBureaus);
        await (await county.PostAsync($"/api/honors/nominations/{id}/approve", null)).AssertStatusAsync(200);
        var branch = factory.Client(PartyRoles.Branch, tree.Village(1));
        var objection = await (await branch.PostJsonAsync($"/api/honors/nominations/{id}/objections", new { content = "事迹材料与实际不符。" }))
            .AssertStatusAsync(201);

        factory.Clock.Advance(TimeSpan.FromDays(10));
        try
        {
            var refused = await (await county.PostJsonAsync("/api/honors/award-batches",
                new { name = "2026 七一表彰", nominationIds = new[] { id } }))
                .AssertProblemAsync(422, "honors.award_blocked");
            Assert.Contains("异议", refused["detail"]!.GetValue<string>());
            // After the notice, no new objection is taken.
            await (await branch.PostJsonAsync($"/api/honors/nominations/{id}/objections", new { content = "迟到的异议" }))
                .AssertProblemAsync(409, "honors.notice_not_open");
            await (await county.PostJsonAsync($"/api/honors/nominations/{id}/objections/{objection["id"]}/resolve",
                new { upheld = true, resolution = "经核实异议成立。" }))
                .AssertStatusAsync(200);
            var rejected = await (await county.GetAsync($"/api/honors/nominations/{id}")).AssertStatusAsync(200);
            Assert.Equal("rejected", rejected["status"]!.GetValue<string>());
            await (await county.PostJsonAsync("/api/honors/award-batches", new { name = "2026 七一表彰", nominationIds = new[] { id } }))
                .AssertProblemAsync(422, "honors.award_blocked");
            Assert.Equal(0, await Facts.Db(factory, db => db.Awards.CountAsync(a => a.NominationId == id)));
        }
        finally
        {
            factory.Clock.Advance(TimeSpan.FromDays(-10));
        }
    }

    [Fact]
    public async Task A_veto_arriving_during_the_notice_stops_the_award()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var memberId = Guid.NewGuid();
        await Facts.FullMemberAsync(factory, memberId, tree.Village(0, 1), "刘中途");
        var county = factory.Client(PartyRoles.County, tree.County);
        var nomination = await Rounds.NominateMemberAsync(county, memberId);
        var id = Guid.Parse(nomination["id"]!.GetValue<string>());
        await Rounds.ReviewAsync(factory, tree.County, id, Rounds.MemberBureaus);
        await (await county.PostAsync($"/api/honors/nominations/{id}/approve", null)).AssertStatusAsync(200);
        await factory.Bus.Publish(new MemberVetoed { MemberId = memberId, BranchId = tree.Village(0, 1),
            Year = nomination["year"]!.GetValue<int>(), Reason = "违规占用耕地", Source = "branch", OccurredAt = DateTimeOffset.UtcNow });
        await Eventually.TrueAsync(() => Facts.Db(factory, db => db.MemberMarks.AnyAsync(m => m.MemberId == memberId)),
            TimeSpan.FromSeconds(10), "veto received");
        factory.Clock.Advance(TimeSpan.FromDays(10));
        try
        {
            var refused = await (await county.PostJsonAsync("/api/honors/award-batches",
                new { name = "2026 七一表彰", nominationIds = new[] { id } }))
                .AssertProblemAsync(422, "honors.award_blocked");
            Assert.Contains("一票否决", refused["detail"]!.GetValue<string>());
            Assert.Equal(0, await Facts.Db(factory, db => db.Awards.CountAsync(a => a.NominationId == id)));
        }
        finally
        {
            factory.Clock.Advance(TimeSpan.FromDays(-10));
        }
    }

    [Fact]
    public async Task A_nomination_that_fails_eligibility_lists_every_reason_and_changes_nothing()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var memberId = Guid.NewGuid();
        var year = factory.Clock.GetUtcNow().Year;
        await factory.Bus.Publish(new MemberStageChanged
        {
            MemberId = memberId, BranchId = tree.Village(0), MemberName = "王预备", FromStage = "candidate", ToStage = "probationary",
            ChangedOn = new DateOnly(2026, 1, 5),
            BirthDate = new DateOnly(1995, 1, 1), AgeAtChange = 31, OccurredAt = DateTimeOffset.UtcNow,
        });
        await factory.Bus.Publish(Facts.Graded(memberId, tree.Village(0), "王预备", year - 1, 95, "qualified", stage: "probationary"));
        await factory.Bus.Publish(new MemberVetoed { MemberId = memberId, BranchId = tree.Village(0), Year = year, Reason = "违反计划生育政策",
            Source = "branch", OccurredAt = DateTimeOffset.UtcNow });
        await factory.Bus.Publish(new MemberStatusChanged { MemberId = memberId, BranchId = tree.Village(0), FromStatus = "active",
            ToStatus = "mobile", Reason = "外出务工", OccurredAt = DateTimeOffset.UtcNow });
        await Eventually.TrueAsync(() => Facts.Db(factory, async db => await db.MemberMarks.AnyAsync(m => m.MemberId == memberId)
            && await db.MemberFacts.AnyAsync(f => f.MemberId == memberId && f.Status == "mobile")
            && await db.MemberGrades.AnyAsync(g => g.MemberId == memberId)),
            TimeSpan.FromSeconds(10), "facts received");

        var township = factory.Client(PartyRoles.Township, tree.Township(0));
        var refused = await (await township.PostJsonAsync("/api/honors/nominations",
            new { honorTypeCode = "excellent-member", subjectId = memberId, deeds = "事迹" }))
            .AssertProblemAsync(422, "honors.not_eligible");
        var codes = refused["errors"]!.AsObject().Select(e => e.Key).Order().ToArray();
        Assert.Equal(["last_grade_not_excellent", "not_full_member", "status_not_active", "vetoed_recently"], codes);
        Assert.Equal(0, await Facts.Db(factory, db => db.Nominations.CountAsync(n => n.SubjectId == memberId)));

        // The same facts through the read-only check.
        var check = await (await township.GetAsync($"/api/honors/eligibility?type=excellent-member&subjectId={memberId}"))
            .AssertStatusAsync(200);
        Assert.False(check["eligible"]!.GetValue<bool>());
        Assert.Equal(4, check["reasons"]!.AsArray().Count);

        // A NUL in the honor type's code reached PostgreSQL and answered 500 (issue 13): refused, naming the field.
        var nul = await (await township.PostJsonAsync("/api/honors/nominations",
            new { honorTypeCode = "excellent\u0000member", subjectId = memberId, deeds = "x" }))
            .AssertProblemAsync(400, "text.control_characters");
        Assert.NotNull(nul["errors"]!["honorTypeCode"]);
        // Malformed requests: every bad field at once, and an unknown enum.
        var invalid = await (await township.PostJsonAsync("/api/honors/nominations", new { year = 1900, month = 13 }))
            .AssertProblemAsync(400, "validation.failed");
        Assert.Equal(["deeds", "honorTypeCode", "month", "year"], invalid["errors"]!.AsObject().Select(e => e.Key).Order().ToArray());
        await (await township.PostJsonAsync("/api/honors/nominations",
            new { honorTypeCode = "excellent-member", subjectId = memberId, deeds = "x", level = "galactic" }))
            .AssertProblemAsync(400, "request.malformed_json");
    }

    [Fact]
    public async Task A_member_graded_excellent_becomes_eligible_without_anyone_typing_the_grade()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var memberId = Guid.NewGuid();
        await Facts.FullMemberAsync(factory, memberId, tree.Village(0), "赵合格", grade: "qualified", gradeYear: 2024);
        var township = factory.Client(PartyRoles.Township, tree.Township(0));
        var before = await (await township.GetAsync($"/api/honors/eligibility?type=excellent-member&subjectId={memberId}"))
            .AssertStatusAsync(200);
        Assert.False(before["eligible"]!.GetValue<bool>());

        await factory.Bus.Publish(Facts.Graded(memberId, tree.Village(0), "赵合格", 2025, 118, "excellent"));
        await Eventually.TrueAsync(async () =>
            (await (await township.GetAsync($"/api/honors/eligibility?type=excellent-member&subjectId={memberId}"))
                .AssertStatusAsync(200))["eligible"]!.GetValue<bool>(),
            TimeSpan.FromSeconds(10), "eligible after the grade arrived");
        // An older grade arriving late does not make the member ineligible again.
        await factory.Bus.Publish(Facts.Graded(memberId, tree.Village(0), "赵合格", 2023, 70, "basicallyQualified"));
        await Eventually.TrueAsync(() => Facts.Db(factory, db => db.MemberGrades.AnyAsync(g => g.MemberId == memberId && g.Year == 2023)),
            TimeSpan.FromSeconds(10), "old grade stored");
        var after = await (await township.GetAsync($"/api/honors/eligibility?type=excellent-member&subjectId={memberId}"))
            .AssertStatusAsync(200);
        Assert.True(after["eligible"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Another_townships_nominations_and_subjects_are_not_found()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var memberId = Guid.NewGuid();
        await Facts.FullMemberAsync(factory, memberId, tree.Village(0), "钱本乡");
        var mine = factory.Client(PartyRoles.Township, tree.Township(0));
        var other = factory.Client(PartyRoles.Township, tree.Township(1));
        var id = (await Rounds.NominateMemberAsync(mine, memberId))["id"]!.GetValue<string>();

        await (await other.GetAsync($"/api/honors/nominations/{id}")).AssertProblemAsync(404, "nominations.not_found");
        await (await other.PostJsonAsync($"/api/honors/nominations/{id}/objections", new { content = "x" }))
            .AssertProblemAsync(404, "nominations.not_found");
        await (await other.PostJsonAsync("/api/honors/nominations",
            new { honorTypeCode = "party-worker", subjectId = memberId, deeds = "事迹" }))
            .AssertProblemAsync(404, "subjects.not_found");
        await (await other.GetAsync($"/api/honors/eligibility?type=excellent-member&subjectId={memberId}"))
            .AssertProblemAsync(404, "subjects.not_found");
        var list = await (await other.GetAsync("/api/honors/nominations?pageSize=200")).AssertStatusAsync(200);
        Assert.DoesNotContain(list["items"]!.AsArray(), n => n!["id"]!.GetValue<string>() == id);
        var ownList = await (await mine.GetAsync("/api/honors/nominations?pageSize=200&status=underReview&type=excellent-member"))
            .AssertStatusAsync(200);
        var badFilter = await (await mine.GetAsync("/api/honors/nominations?status=bogus")).AssertProblemAsync(400, "validation.failed");
        Assert.NotNull(badFilter["errors"]!["status"]);
        Assert.Contains(ownList["items"]!.AsArray(), n => n!["id"]!.GetValue<string>() == id);
        var audit = await (await other.GetAsync($"/api/honors/audit?entityId={id}")).AssertStatusAsync(200);
        Assert.Equal(0, audit["total"]!.GetValue<long>());
        // Only the county decides.
        await (await mine.PostAsync($"/api/honors/nominations/{id}/approve", null)).AssertStatusAsync(403);
        // A second nomination of the same subject for the same honor and year is refused.
        await (await mine.PostJsonAsync("/api/honors/nominations",
            new { honorTypeCode = "excellent-member", subjectId = memberId, deeds = "再次" }))
            .AssertProblemAsync(409, "honors.duplicate_nomination");
    }

    [Fact]
    public async Task Only_registered_bureau_clients_of_a_required_unit_give_opinions()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var memberId = Guid.NewGuid();
        await Facts.FullMemberAsync(factory, memberId, tree.Village(0), "孙联审");
        var id = (await Rounds.NominateMemberAsync(factory.Client(PartyRoles.County, tree.County), memberId))["id"]!.GetValue<string>();
        var body = new { verdict = "pass", comment = "同意" };
        await (await factory.Bureau("unknown-bureau", tree.County).PostJsonAsync($"/api/honors/nominations/{id}/opinions", body))
            .AssertProblemAsync(403, "honors.reviewer_unknown");
        await (await factory.Bureau("tourism-bureau", tree.County).PostJsonAsync($"/api/honors/nominations/{id}/opinions", body))
            .AssertProblemAsync(422, "honors.reviewer_not_required");
        await (await factory.Client(PartyRoles.Bureau, tree.County, "discipline-commission")
            .PostJsonAsync($"/api/honors/nominations/{id}/opinions", body))
            .AssertStatusAsync(403);
        var missingComment = await (await factory.Bureau("discipline-commission", tree.County)
            .PostJsonAsync($"/api/honors/nominations/{id}/opinions", new { verdict = "objection" }))
            .AssertProblemAsync(400, "validation.failed");
        Assert.NotNull(missingComment["errors"]!["comment"]);
        Assert.Equal(0, await Facts.Db(factory, db => db.ReviewOpinions.CountAsync(o => o.NominationId == Guid.Parse(id))));
    }

    /// <summary>
    /// A client the operator registered in identity has an id of its own choosing (e.g. <c>jiwei-3f2a</c>) and names its
    /// bureau in the token's <c>bureau</c> claim: its opinion is its bureau's unit's, and another county's nomination is not found.
    /// </summary>
    [Fact]
    public async Task A_client_registered_for_a_bureau_gives_opinions_for_its_unit_whatever_its_client_id()
    {
        var tree = await TreeOf.SeedAsync(factory);
        var elsewhere = await TreeOf.SeedAsync(factory);
        var (memberId, otherMemberId) = (Guid.NewGuid(), Guid.NewGuid());
        await Facts.FullMemberAsync(factory, memberId, tree.Village(0), "周联审");
        await Facts.FullMemberAsync(factory, otherMemberId, elsewhere.Village(0), "吴外县");
        var id = (await Rounds.NominateMemberAsync(factory.Client(PartyRoles.Township, tree.Township(0)),
            memberId))["id"]!.GetValue<Guid>();
        var otherId = (await Rounds.NominateMemberAsync(factory.Client(PartyRoles.Township, elsewhere.Township(0)),
            otherMemberId))["id"]!.GetValue<Guid>();
        var body = new { verdict = "objection", comment = "该同志存在未结的信访问题。" };

        var clientId = $"zhengfa-{Guid.NewGuid():N}"[..15];
        var zhengfa = RegisteredBureau(clientId, "political-legal", tree.County);
        var answered = await (await zhengfa.PostJsonAsync($"/api/honors/nominations/{id}/opinions", body)).AssertStatusAsync(200);
        var opinion = Assert.Single(answered["opinions"]!.AsArray())!;
        Assert.Equal(("politicalLegalCommittee", "objection", clientId),
            (opinion["unit"]!.GetValue<string>(), opinion["verdict"]!.GetValue<string>(), opinion["givenBy"]!.GetValue<string>()));
        var seen = await (await factory.Client(PartyRoles.County, tree.County).GetAsync($"/api/honors/nominations/{id}"))
            .AssertStatusAsync(200);
        Assert.Equal(["disciplineCommission", "publicSecurity"],
            seen["missingOpinions"]!.AsArray().Select(u => u!.GetValue<string>()).Order().ToList());

        await (await zhengfa.PostJsonAsync($"/api/honors/nominations/{otherId}/opinions", body))
            .AssertProblemAsync(404, "nominations.not_found");
        await (await RegisteredBureau(clientId, "tourism", tree.County).PostJsonAsync($"/api/honors/nominations/{id}/opinions", body))
            .AssertProblemAsync(422, "honors.reviewer_not_required");
        await (await RegisteredBureau(clientId, "finance", tree.County).PostJsonAsync($"/api/honors/nominations/{id}/opinions", body))
            .AssertProblemAsync(403, "honors.reviewer_unknown");
        Assert.Equal(0, await Facts.Db(factory, db => db.ReviewOpinions.CountAsync(o => o.NominationId == otherId)));
        Assert.Equal(1, await Facts.Db(factory, db => db.ReviewOpinions.CountAsync(o => o.NominationId == id)));
    }

    /// <summary>A token as identity issues it to a registered bureau client (client credentials): its id as <c>sub</c>, its bureau, the
    /// county.</summary>
    private HttpClient RegisteredBureau(string clientId, string bureau, Guid county)
    {
        var client = factory.CreateClient();
        var now = DateTime.UtcNow.AddMinutes(-1);
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.MintClaims(new Dictionary<string, object>
        {
            [PartyClaims.Subject] = clientId, [PartyClaims.Name] = "县直部门", [PartyClaims.Role] = PartyRoles.Bureau,
            [PartyClaims.Org] = county.ToString(),
            [PartyClaims.Scope] = "honors.review", [PartyClaims.Bureau] = bureau,
        }, now, now.AddHours(1)));
        return client;
    }
}
