using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MiniExcelLibs;
using Party.Common;
using Party.Contracts.Members;
using Party.Members.Domain.Points;
using Party.Members.Tests.Points;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Members.Tests.Members;

public class MembersApiTests(MembersFactory factory) : IClassFixture<MembersFactory>
{
    private const string Members = "/api/members/members";

    [Fact]
    public async Task A_created_member_is_read_back_masked_unless_the_caller_holds_pii_read()
    {
        var county = await County.SeedAsync(factory);
        var body = County.NewMember(county.VillageA1, birth: new DateOnly(1978, 2, 3), male: false);
        var fullId = (string)body.GetType().GetProperty("citizenId")!.GetValue(body)!;
        var response = await county.TownshipA.PostJsonAsync(Members, body);
        var created = await response.AssertStatusAsync(201);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal(fullId[..6] + "********" + fullId[14..], created["citizenId"]!.GetValue<string>());
        Assert.True(created["citizenIdMasked"]!.GetValue<bool>());
        Assert.Equal("1978-02-03", created["birthDate"]!.GetValue<string>());
        Assert.Equal("female", created["sex"]!.GetValue<string>());
        Assert.Equal("full", created["stage"]!.GetValue<string>());
        Assert.Equal("active", created["status"]!.GetValue<string>());

        var id = County.IdOf(created);
        var masked = await (await county.TownshipA.GetAsync($"{Members}/{id}")).AssertStatusAsync(200);
        Assert.Contains("********", masked["citizenId"]!.GetValue<string>());
        var pii = factory.ClientFor(PartyRoles.Township, county.TownshipAId, "pii.read");
        var clear = await (await pii.GetAsync($"{Members}/{id}")).AssertStatusAsync(200);
        Assert.Equal(fullId, clear["citizenId"]!.GetValue<string>());
        Assert.False(clear["citizenIdMasked"]!.GetValue<bool>());
        var list = await (await pii.GetAsync($"{Members}?branchId={county.VillageA1}")).AssertStatusAsync(200);
        Assert.Equal(fullId, list["items"]![0]!["citizenId"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_update_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var county = await County.SeedAsync(factory);
        var created = await County.CreateAsync(county.TownshipA, County.NewMember(county.VillageA1, name: "原名"));
        var id = County.IdOf(created);
        var first = await county.TownshipA.GetAsync($"{Members}/{id}");
        var etag = first.Headers.ETag!.Tag;

        var update = UpdateBody(created, name: "新名", branchId: county.VillageA2);
        var ok = await Send(county.TownshipA, HttpMethod.Put, $"{Members}/{id}", update, etag);
        var updated = await ok.AssertStatusAsync(200);
        Assert.Equal("新名", updated["name"]!.GetValue<string>());
        Assert.Equal(county.VillageA2.ToString(), updated["branchId"]!.GetValue<string>());
        Assert.NotEqual(etag, ok.Headers.ETag!.Tag);

        var stale = await Send(county.TownshipA, HttpMethod.Put, $"{Members}/{id}",
            UpdateBody(created, name: "过期写入", branchId: county.VillageA2), etag);
        await stale.AssertProblemAsync(412, "concurrency.stale");
        var after = await (await county.TownshipA.GetAsync($"{Members}/{id}")).AssertStatusAsync(200);
        Assert.Equal("新名", after["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_input_names_every_bad_field_and_writes_nothing()
    {
        var county = await County.SeedAsync(factory);
        var response = await county.TownshipA.PostJsonAsync(Members, new
        {
            branchId = county.VillageA1, name = "", ethnicity = "汉族", citizenId = "110105194912310030", mobile = "12345", stage = "full",
        });
        var problem = await response.AssertProblemAsync(400, "validation.failed");
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("name"));
        Assert.True(errors.ContainsKey("citizenId"));
        Assert.True(errors.ContainsKey("mobile"));
        Assert.True(errors.ContainsKey("fullOn"));
        var list = await (await county.TownshipA.GetAsync($"{Members}?branchId={county.VillageA1}")).AssertStatusAsync(200);
        Assert.Equal(0, list["total"]!.GetValue<long>());

        var unknownEnum = await county.TownshipA.PostAsync(Members,
            new StringContent("""{"stage":"emperor"}""", System.Text.Encoding.UTF8, "application/json"));
        await unknownEnum.AssertProblemAsync(400, "request.malformed_json");
    }

    /// <summary>Full-width digits (全角数字, as some input methods type them) are digits to \d but not to the GB 11643 checksum.</summary>
    public static TheoryData<string, string?, string?, string> FullWidth => new()
    {
        { "all full-width", "１１０１０５１９４９１２３１００２Ｘ", null, "citizenId" },
        { "full-width area code, ASCII birth date", "１１０１０５19491231002X", null, "citizenId" },
        { "full-width check digit", "44052418800101001４", null, "citizenId" },
        { "full-width mobile", null, "１３９１２３４５６７８", "mobile" },
    };

    [Theory, MemberData(nameof(FullWidth))]
    public async Task Full_width_digits_are_refused_as_not_digits_and_write_nothing(string _, string? citizenId, string? mobile,
        string field)
    {
        var county = await County.SeedAsync(factory);
        var body = System.Text.Json.JsonSerializer.SerializeToNode(County.NewMember(county.VillageA1))!.AsObject();
        if (citizenId is not null) body["citizenId"] = citizenId;
        if (mobile is not null) body["mobile"] = mobile;
        var problem = await (await county.TownshipA.PostJsonAsync(Members, body)).AssertProblemAsync(400, "validation.failed");
        var errors = problem["errors"]!.AsObject();
        Assert.Equal([field], errors.Select(e => e.Key).ToArray());
        if (field == "citizenId") Assert.Contains("18 位", errors[field]![0]!.GetValue<string>());
        Assert.Equal(0,
            (await (await county.TownshipA.GetAsync($"{Members}?branchId={county.VillageA1}"))
                .AssertStatusAsync(200))["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_same_citizen_id_cannot_be_entered_twice()
    {
        var county = await County.SeedAsync(factory);
        var body = County.NewMember(county.VillageA1);
        await County.CreateAsync(county.TownshipA, body);
        await (await county.CountyClient.PostJsonAsync(Members, body)).AssertProblemAsync(409, "members.citizen_id_taken");
    }

    [Fact]
    public async Task The_branch_must_be_an_existing_non_dissolved_branch_in_scope()
    {
        var county = await County.SeedAsync(factory);
        await (await county.TownshipA.PostJsonAsync(Members, County.NewMember(county.VillageB1)))
            .AssertProblemAsync(404, "members.branch.not_found");
        await (await county.TownshipA.PostJsonAsync(Members, County.NewMember(Guid.NewGuid())))
            .AssertProblemAsync(404, "members.branch.not_found");
        await (await county.TownshipA.PostJsonAsync(Members, County.NewMember(county.TownshipAId)))
            .AssertProblemAsync(422, "members.branch_kind");
        await County.DissolveAsync(factory.Services, county.VillageA2);
        await (await county.TownshipA.PostJsonAsync(Members, County.NewMember(county.VillageA2)))
            .AssertProblemAsync(409, "members.branch_dissolved");

        var community = await County.SeedAsync(factory, domain: "Community");
        var problem = await (await community.TownshipA.PostJsonAsync(Members,
            County.NewMember(community.VillageA1, category: "noPostAtHome")))
            .AssertProblemAsync(400, "validation.failed");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("ruralCategory"));
    }

    [Fact]
    public async Task Another_townships_member_is_not_found_everywhere()
    {
        var county = await County.SeedAsync(factory);
        var other = County.IdOf(await County.CreateAsync(county.TownshipB, County.NewMember(county.VillageB1, name: "外乡党员")));
        var a = county.TownshipA;

        await (await a.GetAsync($"{Members}/{other}")).AssertProblemAsync(404, "members.not_found");
        await (await a.PutJsonAsync($"{Members}/{other}",
            new { branchId = county.VillageA1, name = "x", ethnicity = "汉族", citizenId = TestPeople.CitizenId(new(1980, 1, 1)) }))
            .AssertProblemAsync(404, "members.not_found");
        await (await a.PostJsonAsync($"{Members}/{other}/status", new { status = "mobile", reason = "外出务工" }))
            .AssertProblemAsync(404, "members.not_found");
        await (await a.PostJsonAsync($"{Members}/{other}/dues", new { paidOn = "2026-01-05", amount = 12.5m }))
            .AssertProblemAsync(404, "members.not_found");
        await (await a.GetAsync($"{Members}/{other}/dues")).AssertProblemAsync(404, "members.not_found");
        await (await a.GetAsync($"{Members}/{other}/history")).AssertProblemAsync(404, "members.not_found");
        await (await a.GetAsync($"/api/members/development/{other}")).AssertProblemAsync(404, "members.not_found");
        await (await a.PostJsonAsync($"/api/members/development/{other}/extend-probation", new { months = 6, reason = "x" }))
            .AssertProblemAsync(404, "members.not_found");
        await (await a.GetAsync($"{Members}?branchId={county.VillageB1}")).AssertProblemAsync(404, "members.branch.not_found");

        var list = await (await a.GetAsync($"{Members}?name=外乡党员")).AssertStatusAsync(200);
        Assert.Equal(0, list["total"]!.GetValue<long>());
        var export = await a.GetAsync($"{Members}/export.xlsx?name=外乡党员");
        Assert.Equal(System.Net.HttpStatusCode.OK, export.StatusCode);
        var rows = (await export.Content.ReadAsStreamAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.DoesNotContain(rows, r => (r["姓名"] as string) == "外乡党员");
        var audit = await (await a.GetAsync($"/api/members/audit?entityId={other}")).AssertStatusAsync(200);
        Assert.Equal(0, audit["total"]!.GetValue<long>());

        // The member is there: the county and its own township see it.
        await (await county.CountyClient.GetAsync($"{Members}/{other}")).AssertStatusAsync(200);
        await (await county.TownshipB.GetAsync($"{Members}/{other}/history")).AssertStatusAsync(200);
    }

    [Fact]
    public async Task Search_filters_by_name_branch_subtree_stage_category_status_and_age_and_pages()
    {
        var county = await County.SeedAsync(factory);
        var today = BusinessDate.Of(DateTimeOffset.UtcNow);
        var a = county.TownshipA;
        // Ages: 30 today (birthday today), 29 (birthday tomorrow), 60.
        await County.CreateAsync(a, County.NewMember(county.VillageA1, name: "赵一", birth: today.AddYears(-30), category: "incumbentCadre"));
        await County.CreateAsync(a,
            County.NewMember(county.VillageA1, name: "赵二", birth: today.AddYears(-30).AddDays(1), stage: "activist",
                category: "noPostAtHome"));
        await County.CreateAsync(a,
            County.NewMember(county.VillageA2, name: "钱三", birth: today.AddYears(-60), status: "mobile", category: "mobileAway"));
        await County.CreateAsync(county.TownshipB, County.NewMember(county.VillageB1, name: "赵四", birth: today.AddYears(-30)));

        async Task<long> Total(string query) =>
            (await (await a.GetAsync($"{Members}?{query}")).AssertStatusAsync(200))["total"]!.GetValue<long>();
        Assert.Equal(3, await Total(""));
        Assert.Equal(2, await Total("name=赵"));
        Assert.Equal(2, await Total($"branchId={county.VillageA1}"));
        Assert.Equal(3, await Total($"branchId={county.TownshipAId}"));
        Assert.Equal(1, await Total("stage=activist"));
        Assert.Equal(1, await Total("category=mobileAway"));
        Assert.Equal(1, await Total("status=mobile"));
        Assert.Equal(1, await Total("minAge=30&maxAge=30"));
        Assert.Equal(1, await Total("minAge=29&maxAge=29"));
        Assert.Equal(2, await Total("maxAge=30"));
        Assert.Equal(1, await Total("minAge=31"));
        Assert.Equal(3,
            (await (await county.CountyClient.GetAsync($"{Members}?name=赵&branchId={county.Tree.County}"))
                .AssertStatusAsync(200))["total"]!.GetValue<long>());

        var page = await (await a.GetAsync($"{Members}?page=2&pageSize=2")).AssertStatusAsync(200);
        Assert.Equal(3, page["total"]!.GetValue<long>());
        Assert.Single(page["items"]!.AsArray());
        await (await a.GetAsync($"{Members}?pageSize=201")).AssertProblemAsync(400, "validation.failed");
        await (await a.GetAsync($"{Members}?minAge=40&maxAge=30")).AssertProblemAsync(400, "validation.failed");
    }

    [Fact]
    public async Task The_record_and_the_list_show_the_latest_annual_grade_and_nothing_for_a_member_never_graded()
    {
        var county = await County.SeedAsync(factory);
        var a = county.TownshipA;
        var graded = County.IdOf(await County.CreateAsync(a, County.NewMember(county.VillageA1, name: "评定甲")));
        var never = County.IdOf(await County.CreateAsync(a, County.NewMember(county.VillageA1, name: "评定乙")));
        // Written out of year order: the later year shows, whichever row came first.
        await TestMembers.GradeAsync(factory.Services, graded, 2025, Grade.BasicallyQualified, score: 75m);
        await TestMembers.GradeAsync(factory.Services, graded, 2024, Grade.Excellent, score: 120m, contribution: 20m);

        static (string?, int?) Shown(JsonNode m) => (m["lastAnnualGrade"]?.GetValue<string>(), m["lastAnnualGradeYear"]?.GetValue<int>());
        Assert.Equal(("basicallyQualified", 2025), Shown(await (await a.GetAsync($"{Members}/{graded}")).AssertStatusAsync(200)));
        Assert.Equal((null, null), Shown(await (await a.GetAsync($"{Members}/{never}")).AssertStatusAsync(200)));
        var items = (await (await a.GetAsync($"{Members}?branchId={county.VillageA1}")).AssertStatusAsync(200))["items"]!.AsArray();
        var listed = items.ToDictionary(i => i!["name"]!.GetValue<string>(), i => Shown(i!));
        Assert.Equal(("basicallyQualified", 2025), listed["评定甲"]);
        Assert.Equal((null, null), listed["评定乙"]);
        var moved = await (await a.PostJsonAsync($"{Members}/{graded}/status", new { status = "mobile", reason = "外出务工" }))
            .AssertStatusAsync(200);
        Assert.Equal(("basicallyQualified", 2025), Shown(moved));
    }

    [Fact]
    public async Task A_member_list_exports_to_xlsx_with_the_same_filters()
    {
        var county = await County.SeedAsync(factory);
        var a = county.TownshipA;
        await County.CreateAsync(a, County.NewMember(county.VillageA1, name: "导出甲"));
        await County.CreateAsync(a, County.NewMember(county.VillageA1, name: "导出乙", stage: "probationary"));
        await County.CreateAsync(a, County.NewMember(county.VillageA2, name: "导出丙"));

        var response = await a.GetAsync($"{Members}/export.xlsx?branchId={county.VillageA1}&stage=full");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var rows = (await response.Content.ReadAsStreamAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var row = Assert.Single(rows);
        Assert.Equal("导出甲", row["姓名"]);
        Assert.Equal("正式党员", row["阶段"]);
        Assert.Contains("********", (string)row["公民身份号码"]!);
        Assert.Equal("第1乡镇第1村党支部", row["所在支部"]);
    }

    [Fact]
    public async Task A_status_change_is_audited_and_published_and_expulsion_is_not_a_manual_change()
    {
        await using var probe = await EventProbe<MemberStatusChanged>.StartAsync(factory.Services);
        var county = await County.SeedAsync(factory);
        var id = County.IdOf(await County.CreateAsync(county.TownshipA, County.NewMember(county.VillageA1)));

        var changed = await (await county.TownshipA.PostJsonAsync($"{Members}/{id}/status", new { status = "mobile", reason = "外出务工" }))
            .AssertStatusAsync(200);
        Assert.Equal("mobile", changed["status"]!.GetValue<string>());
        var evt = await probe.WaitForAsync(e => e.MemberId == id, "MemberStatusChanged");
        Assert.Equal("active", evt.FromStatus);
        Assert.Equal("mobile", evt.ToStatus);
        Assert.Equal(county.VillageA1, evt.BranchId);

        await (await county.TownshipA.PostJsonAsync($"{Members}/{id}/status", new { status = "expelled", reason = "x" }))
            .AssertProblemAsync(409, "members.status_not_manual");
        await (await county.TownshipA.PostJsonAsync($"{Members}/{id}/status", new { status = "deceased" }))
            .AssertProblemAsync(400, "validation.failed");
        var history = await (await county.TownshipA.GetAsync($"{Members}/{id}/history")).AssertStatusAsync(200);
        var actions = history["items"]!.AsArray().Select(i => i!["action"]!.GetValue<string>()).ToList();
        Assert.Equal(["created", "status_changed"], actions);
    }

    [Fact]
    public async Task Dues_payments_move_the_last_paid_date_forward_only()
    {
        var county = await County.SeedAsync(factory);
        var id = County.IdOf(await County.CreateAsync(county.TownshipA, County.NewMember(county.VillageA1)));
        await (await county.TownshipA.PostJsonAsync($"{Members}/{id}/dues", new { paidOn = "2026-03-10", amount = 12.50m }))
            .AssertStatusAsync(201);
        await (await county.TownshipA.PostJsonAsync($"{Members}/{id}/dues", new { paidOn = "2026-01-10", amount = 12.50m }))
            .AssertStatusAsync(201);
        await (await county.TownshipA.PostJsonAsync($"{Members}/{id}/dues", new { paidOn = "2026-01-10", amount = 1.005m }))
            .AssertProblemAsync(400, "validation.failed");
        var member = await (await county.TownshipA.GetAsync($"{Members}/{id}")).AssertStatusAsync(200);
        Assert.Equal("2026-03-10", member["lastDuesPaidOn"]!.GetValue<string>());
        var dues = await (await county.TownshipA.GetAsync($"{Members}/{id}/dues")).AssertStatusAsync(200);
        Assert.Equal(2, dues["total"]!.GetValue<long>());
    }

    private static object UpdateBody(JsonNode created, string name, Guid branchId) => new
    {
        branchId, name, ethnicity = "汉族", mobile = "13800138000", education = "本科",
    };

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, object body, string etag)
    {
        var request = new HttpRequestMessage(method, url) { Content = System.Net.Http.Json.JsonContent.Create(body, options: Http.Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        return await client.SendAsync(request);
    }
}
