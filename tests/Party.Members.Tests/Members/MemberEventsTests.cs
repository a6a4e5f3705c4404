using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Party.Common;
using Party.Contracts.Members;
using Party.Persistence.OrgUnits;
using Party.Testing;

namespace Party.Members.Tests.Members;

/// <summary>
/// Enter once (一次录入): every way a member comes into being or changes publishes what the other services need, read here off
/// the real broker as they receive it. The honors side (the status taken from these events) is tested in Party.Honors.Tests.
/// </summary>
public class MemberEventsTests(MembersFactory factory) : IClassFixture<MembersFactory>
{
    [Fact]
    public async Task A_member_created_directly_as_a_full_member_is_announced_with_stage_and_status()
    {
        await using var registered = await EventProbe<MemberRegistered>.StartAsync(factory.Services);
        var county = await County.SeedAsync(factory);
        var full = County.IdOf(await County.CreateAsync(county.TownshipA, County.NewMember(county.VillageA1, stage: "full", name: "直接建档")));
        var mobile = County.IdOf(await County.CreateAsync(county.TownshipA,
            County.NewMember(county.VillageA1, stage: "full", status: "mobile", name: "流动建档")));
        var applicant = County.IdOf(await County.CreateAsync(county.TownshipA,
            County.NewMember(county.VillageA2, stage: "applicant", name: "申请人建档")));

        var e = await registered.WaitForAsync(m => m.MemberId == full, "full member registered");
        Assert.Equal((county.VillageA1, "直接建档", "full", "active", "created", new DateOnly(2003, 7, 1), new DateOnly(2002, 7, 1)),
            (e.BranchId, e.MemberName, e.Stage, e.Status, e.Source, e.StageSince, e.ProbationaryOn));
        Assert.Equal(("full", "mobile"),
            ((await registered.WaitForAsync(m => m.MemberId == mobile, "mobile member registered")) is var mm
                ? (mm.Stage, mm.Status)
                : default));
        var a = await registered.WaitForAsync(m => m.MemberId == applicant, "applicant registered");
        Assert.Equal(("applicant", "active", (DateOnly?)null, new DateOnly(2000, 1, 1)),
            (a.Stage, a.Status, a.ProbationaryOn, a.StageSince));
    }

    [Fact]
    public async Task Every_imported_row_is_announced_with_the_stage_and_status_of_its_row()
    {
        await using var registered = await EventProbe<MemberRegistered>.StartAsync(factory.Services);
        var county = await County.SeedAsync(factory);
        string code;
        await using (var scope = factory.Services.CreateAsyncScope())
            code = await scope.ServiceProvider.GetRequiredService<IOrgUnitReplicaDbContext>().OrgUnits.Where(u => u.Id == county.VillageA1)
                .Select(u => u.Code).SingleAsync();
        var rows = new[] { ("导入正常", "正常"), ("导入流动", "流动"), ("导入失联", "失联") }.Select((r, i) => new Dictionary<string, object?>
        {
            ["姓名"] = r.Item1, ["民族"] = "汉族", ["公民身份号码"] = TestPeople.CitizenId(new DateOnly(1970 + i, 3, 3), true), ["支部代码"] = code,
            ["阶段"] = "正式党员", ["状态"] = r.Item2, ["申请入党日期"] = "2010-03-01", ["确定积极分子日期"] = "2010-09-01", ["确定发展对象日期"] = "2011-09-01",
            ["接收预备党员日期"] = "2012-01-05", ["转正日期"] = "2013-01-05",
        }).ToList();
        var stream = new MemoryStream();
        await stream.SaveAsAsync(rows);
        var file = new ByteArrayContent(stream.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        await (await county.TownshipA.PostAsync("/api/members/members/import",
            new MultipartFormDataContent { { file, "file", "党员信息表.xlsx" } })).AssertStatusAsync(200);

        foreach (var (name, status) in new[] { ("导入正常", "active"), ("导入流动", "mobile"), ("导入失联", "lostContact") })
        {
            var e = await registered.WaitForAsync(m => m.MemberName == name && m.BranchId == county.VillageA1, $"{name} registered");
            Assert.Equal(("full", status, "imported", new DateOnly(2013, 1, 5), (DateOnly?)new DateOnly(2012, 1, 5)),
                (e.Stage, e.Status, e.Source, e.StageSince, e.ProbationaryOn));
        }
    }

    [Fact]
    public async Task A_stage_change_a_transfer_and_a_status_change_are_each_announced()
    {
        await using var stages = await EventProbe<MemberStageChanged>.StartAsync(factory.Services);
        await using var transfers = await EventProbe<MemberTransferred>.StartAsync(factory.Services);
        await using var statuses = await EventProbe<MemberStatusChanged>.StartAsync(factory.Services);
        var county = await County.SeedAsync(factory);
        var created = await County.CreateAsync(county.CountyClient, County.NewMember(county.VillageA1, stage: "applicant", name: "全程变动"));
        var id = County.IdOf(created);

        var today = BusinessDate.Of(DateTimeOffset.UtcNow);
        await (await county.CountyClient.PostJsonAsync($"/api/members/development/{id}/recommendation",
            new { kind = "partyMembers", on = today.AddDays(-3).ToString("yyyy-MM-dd") }))
            .AssertStatusAsync(200);
        await (await county.CountyClient.PostJsonAsync($"/api/members/development/{id}/become-activist",
            new { on = today.ToString("yyyy-MM-dd") })).AssertStatusAsync(200);
        var stage = await stages.WaitForAsync(m => m.MemberId == id, "stage change");
        Assert.Equal(("applicant", "activist", county.VillageA1), (stage.FromStage, stage.ToStage, stage.BranchId));

        // Transfer (组织关系转接) to a branch of the other township.
        await (await county.CountyClient.PutJsonAsync($"/api/members/members/{id}", new
        {
            branchId = county.VillageB1, name = "全程变动", ethnicity = "汉族", education = "大专", mobile = "13912345678", reason = "组织关系转接",
        })).AssertStatusAsync(200);
        var moved = await transfers.WaitForAsync(m => m.MemberId == id, "transfer");
        Assert.Equal((county.VillageA1, county.VillageB1, "activist", "active"),
            (moved.FromBranchId, moved.ToBranchId, moved.Stage, moved.Status));
        // Personal data edited without a branch change is not a transfer.
        await (await county.CountyClient.PutJsonAsync($"/api/members/members/{id}", new
        {
            branchId = county.VillageB1, name = "全程变动", ethnicity = "汉族", education = "本科", mobile = "13912345678",
        })).AssertStatusAsync(200);

        await (await county.TownshipB.PostJsonAsync($"/api/members/members/{id}/status", new { status = "mobile", reason = "外出务工" }))
            .AssertStatusAsync(200);
        var status = await statuses.WaitForAsync(m => m.MemberId == id, "status change");
        Assert.Equal((county.VillageB1, "active", "mobile"), (status.BranchId, status.FromStatus, status.ToStatus));
        Assert.Single(transfers.Messages, m => m.MemberId == id);
    }
}
