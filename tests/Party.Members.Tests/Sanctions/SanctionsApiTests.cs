using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Contracts.Members;
using Party.Members.Data;
using Party.Members.Domain.Sanctions;
using Party.Members.Tests.Members;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.Testing;

namespace Party.Members.Tests.Sanctions;

public class SanctionsApiTests(MembersFactory factory) : IClassFixture<MembersFactory>
{
    private const string Sanctions = "/api/members/sanctions";

    private HttpClient Bureau(Guid org, params string[] scopes) =>
        factory.ClientFor(PartyRoles.Bureau, org, scopes.Length == 0 ? ["discipline.report"] : scopes);

    private static async Task<HttpResponseMessage> Report(HttpClient client, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Sanctions)
            { Content = System.Net.Http.Json.JsonContent.Create(body, options: Http.Json) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_warning_reported_by_citizen_id_twice_with_the_same_key_is_one_sanction_with_the_same_answer()
    {
        await using var probe = await EventProbe<DisciplineSanctionReported>.StartAsync(factory.Services);
        var county = await County.SeedAsync(factory);
        var body = County.NewMember(county.VillageA1);
        var citizenId = (string)body.GetType().GetProperty("citizenId")!.GetValue(body)!;
        var memberId = County.IdOf(await County.CreateAsync(county.TownshipA, body));
        var bureau = Bureau(county.Tree.County);
        var key = Guid.NewGuid().ToString();
        var report = new { citizenId = citizenId.ToLowerInvariant(), kind = "warning", decidedOn = "2026-03-02",
            decisionNumber = "县纪发〔2026〕3号", reason = "违规操办婚丧喜庆事宜" };

        var first = await (await Report(bureau, report, key)).AssertStatusAsync(201);
        Assert.Equal(memberId.ToString(), first["memberId"]!.GetValue<string>());
        Assert.Equal(-10m, first["pointsDeduction"]!.GetValue<decimal>());
        Assert.False(first["isVeto"]!.GetValue<bool>());
        Assert.Equal("active", first["memberStatus"]!.GetValue<string>());

        var again = await Report(bureau, report, key);
        var second = await again.AssertStatusAsync(201);
        Assert.Equal(first.ToJsonString(), second.ToJsonString());

        // Even when the replay record has expired, the key stored with the sanction answers with the same sanction.
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<MembersDbContext>().Set<IdempotencyKey>().Where(k => k.Key == key)
                .ExecuteDeleteAsync();
        var third = await (await Report(bureau, report, key)).AssertStatusAsync(200);
        Assert.Equal(first["id"]!.GetValue<string>(), third["id"]!.GetValue<string>());

        var list = await (await county.TownshipA.GetAsync($"{Sanctions}?memberId={memberId}")).AssertStatusAsync(200);
        Assert.Equal(1, list["total"]!.GetValue<long>());
        var evt = await probe.WaitForAsync(e => e.MemberId == memberId, "DisciplineSanctionReported");
        Assert.Equal("warning", evt.Kind);
        Assert.Equal(new DateOnly(2026, 3, 2), evt.DecidedOn);
        Assert.Equal(county.VillageA1, evt.BranchId);

        // The row the points area reads: it marks the sanction once its proposed entry exists.
        var row = await Eventually.ResultAsync(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<MembersDbContext>().Set<Sanction>().AsNoTracking()
                .SingleAsync(s => s.MemberId == memberId);
        }, s => s.PointsEntryProposedAt is not null, TimeSpan.FromSeconds(15), "points entry proposed for the sanction");
        Assert.Equal(SanctionKind.Warning, row.Kind);
        Assert.Equal(-10m, row.PointsDeduction);
    }

    [Fact]
    public async Task Expulsion_vetoes_and_expels_the_member()
    {
        await using var vetoes = await EventProbe<MemberVetoed>.StartAsync(factory.Services);
        await using var statuses = await EventProbe<MemberStatusChanged>.StartAsync(factory.Services);
        var county = await County.SeedAsync(factory);
        var memberId = County.IdOf(await County.CreateAsync(county.TownshipA, County.NewMember(county.VillageA1)));

        var answer = await (await Report(Bureau(county.Tree.County),
            new { memberId, kind = "expulsion", decisionNumber = "县纪发〔2026〕101号", decidedOn = "2026-05-06", reason = "严重违纪" },
            Guid.NewGuid().ToString()))
            .AssertStatusAsync(201);
        Assert.True(answer["isVeto"]!.GetValue<bool>());
        Assert.Null(answer["pointsDeduction"]);
        Assert.Equal("expelled", answer["memberStatus"]!.GetValue<string>());

        var veto = await vetoes.WaitForAsync(e => e.MemberId == memberId, "MemberVetoed");
        Assert.Equal("sanction:expulsion", veto.Source);
        Assert.Equal(2026, veto.Year);
        var status = await statuses.WaitForAsync(e => e.MemberId == memberId, "MemberStatusChanged");
        Assert.Equal("active", status.FromStatus);
        Assert.Equal("expelled", status.ToStatus);
        var member = await (await county.TownshipA.GetAsync($"/api/members/members/{memberId}")).AssertStatusAsync(200);
        Assert.Equal("expelled", member["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_veto_cancels_a_probationary_members_qualification_and_a_serious_warning_does_not()
    {
        await using var vetoes = await EventProbe<MemberVetoed>.StartAsync(factory.Services);
        var county = await County.SeedAsync(factory);
        var probationary = County.IdOf(await County.CreateAsync(county.TownshipA,
            County.NewMember(county.VillageA1, stage: "probationary")));
        var other = County.IdOf(await County.CreateAsync(county.TownshipA, County.NewMember(county.VillageA1, stage: "probationary")));
        var bureau = Bureau(county.Tree.County);

        var vetoed = await (await Report(bureau,
            new { memberId = probationary, kind = "probationWithinParty", decisionNumber = "县纪发〔2026〕102号", decidedOn = "2026-05-06",
                reason = "违反廉洁纪律" }, Guid.NewGuid().ToString()))
            .AssertStatusAsync(201);
        Assert.Equal("stageCancelled", vetoed["memberStatus"]!.GetValue<string>());
        Assert.Equal("sanction:probationWithinParty", (await vetoes.WaitForAsync(e => e.MemberId == probationary, "MemberVetoed")).Source);

        var warned = await (await Report(bureau,
            new { memberId = other, kind = "seriousWarning", decisionNumber = "县纪发〔2026〕103号", decidedOn = "2026-05-06",
                reason = "违反工作纪律" }, Guid.NewGuid().ToString()))
            .AssertStatusAsync(201);
        Assert.Equal(-20m, warned["pointsDeduction"]!.GetValue<decimal>());
        Assert.Equal("active", warned["memberStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reporting_needs_the_scope_a_key_and_one_way_to_name_the_member()
    {
        var county = await County.SeedAsync(factory);
        var memberId = County.IdOf(await County.CreateAsync(county.TownshipA, County.NewMember(county.VillageA1)));
        var body = new { memberId, kind = "warning", decisionNumber = "县纪发〔2026〕104号", decidedOn = "2026-05-06", reason = "x" };

        Assert.Equal(HttpStatusCode.Forbidden,
            (await Report(factory.ClientFor(PartyRoles.County, county.Tree.County), body, Guid.NewGuid().ToString())).StatusCode);
        var noKey = await (await Report(Bureau(county.Tree.County), body, null)).AssertProblemAsync(400, "validation.failed");
        Assert.True(noKey["errors"]!.AsObject().ContainsKey("idempotencyKey"));
        var both = await (await Report(Bureau(county.Tree.County),
            new { memberId, citizenId = "11010519491231002X", kind = "warning", decisionNumber = "县纪发〔2026〕105号", decidedOn = "2026-05-06",
                reason = "x" }, Guid.NewGuid().ToString())).AssertProblemAsync(400, "validation.failed");
        Assert.True(both["errors"]!.AsObject().ContainsKey("memberId"));
        var bad = await (await Report(Bureau(county.Tree.County),
            new { citizenId = "110105194912310030", kind = "reprimand", decidedOn = "2026-05-06", reason = "x" },
            Guid.NewGuid().ToString())).AssertProblemAsync(400, "request.malformed_json");
        var future = await (await Report(Bureau(county.Tree.County),
            new { memberId, kind = "warning", decisionNumber = "县纪发〔2026〕106号", decidedOn = "2099-01-01", reason = "x" },
            Guid.NewGuid().ToString()))
            .AssertProblemAsync(400, "validation.failed");
        Assert.True(future["errors"]!.AsObject().ContainsKey("decidedOn"));
        await (await Report(Bureau(county.Tree.County),
            new { citizenId = "11010519491231002X", kind = "warning", decisionNumber = "县纪发〔2026〕107号", decidedOn = "2026-05-06",
                reason = "x" }, Guid.NewGuid().ToString()))
            .AssertProblemAsync(404, "members.not_found");

        var list = await (await county.TownshipA.GetAsync($"{Sanctions}?memberId={memberId}")).AssertStatusAsync(200);
        Assert.Equal(0, list["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Another_townships_member_and_sanctions_are_not_found()
    {
        var county = await County.SeedAsync(factory);
        var memberB = County.IdOf(await County.CreateAsync(county.TownshipB, County.NewMember(county.VillageB1)));
        var sanction = await (await Report(Bureau(county.Tree.County),
            new { memberId = memberB, kind = "warning", decisionNumber = "县纪发〔2026〕108号", decidedOn = "2026-05-06", reason = "x" },
            Guid.NewGuid().ToString()))
            .AssertStatusAsync(201);
        var sanctionId = sanction["id"]!.GetValue<string>();

        await (await Report(Bureau(county.TownshipAId),
            new { memberId = memberB, kind = "warning", decisionNumber = "县纪发〔2026〕109号", decidedOn = "2026-05-06", reason = "x" },
            Guid.NewGuid().ToString()))
            .AssertProblemAsync(404, "members.not_found");
        await (await county.TownshipA.GetAsync($"{Sanctions}/{sanctionId}")).AssertProblemAsync(404, "sanctions.not_found");
        var listA = await (await county.TownshipA.GetAsync(Sanctions)).AssertStatusAsync(200);
        Assert.Equal(0, listA["total"]!.GetValue<long>());
        await (await county.TownshipB.GetAsync($"{Sanctions}/{sanctionId}")).AssertStatusAsync(200);
    }

    [Fact]
    public async Task The_same_decision_reported_again_under_a_new_key_is_the_first_sanction_and_different_content_is_a_conflict()
    {
        var county = await County.SeedAsync(factory);
        var memberId = County.IdOf(await County.CreateAsync(county.TownshipA, County.NewMember(county.VillageA1)));
        var bureau = Bureau(county.Tree.County);
        var body = new { memberId, kind = "warning", decisionNumber = "县纪发〔2026〕200号", decidedOn = "2026-05-06", reason = "违反工作纪律" };

        var first = await (await Report(bureau, body, Guid.NewGuid().ToString())).AssertStatusAsync(201);
        var again = await (await Report(bureau, body, Guid.NewGuid().ToString())).AssertStatusAsync(200);
        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        var conflict = await (await Report(bureau, body with { kind = "seriousWarning" }, Guid.NewGuid().ToString()))
            .AssertProblemAsync(409, "sanctions.decision_conflict");
        Assert.Contains("处分种类", conflict["detail"]!.GetValue<string>());
        await (await Report(bureau, body with { reason = "另一事由" }, Guid.NewGuid().ToString()))
            .AssertProblemAsync(409, "sanctions.decision_conflict");

        var list = await (await county.TownshipA.GetAsync($"{Sanctions}?memberId={memberId}")).AssertStatusAsync(200);
        Assert.Equal(1, list["total"]!.GetValue<long>());
        // Another member may be named in a decision with the same number (a joint decision).
        var other = County.IdOf(await County.CreateAsync(county.TownshipA, County.NewMember(county.VillageA1)));
        await (await Report(bureau, body with { memberId = other }, Guid.NewGuid().ToString())).AssertStatusAsync(201);
    }
}
