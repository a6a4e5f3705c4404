using Microsoft.JSInterop;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using MudBlazor;
using Party.Portal.Api;
using Party.Portal.Auth;
using Party.Portal.Components.Pages;

namespace Party.Portal.Tests;

/// <summary>
/// "导出 Excel" on office lists whose service has no export of its own (请假审批): the list's filter is read whole and the
/// browser is handed a sheet headed in Chinese as on screen; the points review queue asks the service for its own sheet.
/// </summary>
public class OfficeListExportTests : LongWorkPortalContext
{
    private static readonly Guid Township = Guid.Parse("0b5e0000-0000-7000-8000-0000000000c1");
    private static readonly Guid Wang = Guid.Parse("0b5e0000-0000-7000-8000-0000000000d1");
    private static readonly Guid Zhao = Guid.Parse("0b5e0000-0000-7000-8000-0000000000d2");
    private byte[]? _sheet;
    private string? _fileName;

    public OfficeListExportTests() : base(Roles.Township, Township)
    {
        Services.AddTransient<CadreNames>();
        Answer("GET api/resident-cadres/cadres?page=1&pageSize=200", Page([Cadre(Wang, "王驻村"), Cadre(Zhao, "赵驻村")]));
        object[] leaves = [Leave(Wang, "personal", 2, "家中有事"), Leave(Zhao, "sick", 1, "感冒就医")];
        Answer("GET api/resident-cadres/leaves?status=PendingTownship&page=1&pageSize=20", Page(leaves));
        Answer("GET api/resident-cadres/leaves?status=PendingTownship&page=1&pageSize=200", Page(leaves));
        // The sheet is read while the page hands it over: the stream is closed once the browser has it.
        JSInterop.SetupVoid("partyPortal.download", invocation =>
        {
            _fileName = (string)invocation.Arguments[0]!;
            using var copy = new MemoryStream();
            ((DotNetStreamReference)invocation.Arguments[1]!).Stream.CopyTo(copy);
            _sheet = copy.ToArray();
            return true;
        }).SetVoidResult();
    }

    private static object Cadre(Guid id, string name) =>
        new { id, name, dispatchingUnit = "县农业农村局", villageId = (Guid?)null, role = "firstSecretary" };

    private static object Leave(Guid cadre, string kind, int days, string reason)
    {
        var from = new DateOnly(2026, 11, 2);
        return new
        {
            id = Guid.NewGuid(), cadreId = cadre, villageId = Guid.NewGuid(), kind, fromDay = from, toDay = from.AddDays(days - 1), days,
            reason, status = "pendingTownship",
        };
    }

    [Fact]
    public void The_leaves_waiting_are_exported_as_a_sheet_headed_as_on_screen()
    {
        Render<MudPopoverProvider>();
        var page = Render<LeaveApproval>();
        page.WaitForAssertion(() => Assert.Contains("王驻村", page.Find("[data-testid=leaves]").TextContent));
        page.Find("[data-testid=export]").Click();

        page.WaitForAssertion(() => Assert.NotNull(_sheet));
        Assert.StartsWith("驻村干部请假-待审批-", _fileName);
        var rows = MiniExcel.Query(new MemoryStream(_sheet!), useHeaderRow: true, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["序号", "驻村干部", "类别", "开始日期", "结束日期", "天数", "事由", "状态"], rows[0].Keys);
        Assert.Equal(["王驻村", "赵驻村"], rows.Select(r => r["驻村干部"].ToString()));
        Assert.Equal(["事假", "病假"], rows.Select(r => r["类别"].ToString()));
        Assert.Equal("2026-11-03", rows[0]["结束日期"].ToString());
        Assert.All(rows, r => Assert.Equal("待审核", r["状态"].ToString()));
    }

    [Fact]
    public void The_points_review_queue_exports_the_service_sheet_of_the_entries_waiting()
    {
        Answer("GET api/members/points/entries?status=proposed&page=1&pageSize=20", Page(Array.Empty<object>()));
        Answers["GET api/members/points/entries?status=proposed&format=xlsx"] = (_, _) =>
            Task.FromResult(new SampleAnswer(System.Net.HttpStatusCode.OK, new { }));
        Render<MudPopoverProvider>();
        var page = Render<PointsReview>();
        page.WaitForAssertion(() => Assert.Contains("没有待审核的积分登记", page.Markup));
        page.Find("[data-testid=export]").Click();

        page.WaitForAssertion(() => Assert.NotNull(_sheet));
        Assert.StartsWith("待审核积分登记-", _fileName);
        Assert.Contains(Requests, r => r.Method == HttpMethod.Get && r.Path == "api/members/points/entries?status=proposed&format=xlsx");
    }
}
