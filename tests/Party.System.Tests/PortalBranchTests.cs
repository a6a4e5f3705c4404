using System.Text.RegularExpressions;
using MiniExcelLibs;
using Microsoft.Playwright;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// The branch secretary's pages (支部书记): the county sheet imported through the portal — refused with its error sheet for
/// one bad row, corrected in that very file and imported — then the members listed, and each branch page drawn.
/// </summary>
[Collection(SystemCollection.Name)]
public class PortalBranchTests(SystemFixture system)
{
    [Fact]
    public async Task A_branch_secretary_imports_a_sheet_with_one_bad_row_fixes_it_from_the_error_report_and_sees_the_members()
    {
        var tree = await system.PortalCountyAsync("PBR", "members");
        var village = tree.Townships[0].Villages[0];
        var code = (await new OrgTreeClient(system.Operator()).GetAsync(village))["code"]!.GetValue<string>();
        var secretary = await system.AccountAsync(PartyRoles.Branch, village, "支部书记");
        var suffix = Guid.NewGuid().ToString("N")[..4];
        string[] names = ["赵" + suffix, "钱" + suffix, "孙" + suffix];
        var badId = MembersClient.NewCitizenId()[..17] + "Y";
        var rows = names.Select((name, i) => new Dictionary<string, object?>
        {
            ["姓名"] = name, ["民族"] = "汉族", ["公民身份号码"] = i == 1 ? badId : MembersClient.NewCitizenId(), ["支部代码"] = code,
            ["阶段"] = "正式党员", ["申请入党日期"] = "2010-03-01", ["确定积极分子日期"] = "2010-09-01", ["确定发展对象日期"] = "2011-09-01",
            ["接收预备党员日期"] = "2012-01-05", ["转正日期"] = "2013-01-05",
        }).ToList();
        var work = Directory.CreateTempSubdirectory("portal-branch-");
        var sheet = Path.Combine(work.FullName, "党员信息表.xlsx");
        await MiniExcel.SaveAsAsync(sheet, rows);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PortalSupport.LaunchAsync(playwright);
        await browser.RecordingFailuresAsync("branch-import", async () =>
        {
            var office = await PortalSupport.OfficeAsync(browser);
            var page = await system.SignInAsync(office, secretary, "members/import");

            // The check refuses the whole sheet and offers the error sheet: the bad row says what is wrong with it.
            await ChooseFileAsync(page, sheet);
            await page.Locator("[data-testid=import-rejected]").Or(page.Locator("[data-testid=problem]")).First.WaitForAsync();
            Assert.Contains("未导入任何一行", await page.InnerTextAsync("[data-testid=import-rejected]"));
            Assert.Equal(0, await page.Locator("[data-testid=confirm-import]").CountAsync());
            await page.ScreenshotAsync("portal-members-import.png");
            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=error-report]"));
            Assert.Equal("党员信息表-错误说明.xlsx", download.SuggestedFilename);
            var report = (await MiniExcel.QueryAsync(await download.PathAsync(), useHeaderRow: true, excelType: ExcelType.XLSX))
                .Cast<IDictionary<string, object?>>().Select(r => r.ToDictionary(c => c.Key, c => c.Value)).ToList();
            Assert.Equal(names, report.Select(r => (string)r["姓名"]!).ToArray());
            Assert.Contains("公民身份号码", (string)report[1]["错误说明"]!);
            Assert.Null(report[0]["错误说明"]);

            // The clerk corrects the cell in the error sheet itself and imports that file: checked, then imported.
            report[1]["公民身份号码"] = MembersClient.NewCitizenId();
            var fixedSheet = Path.Combine(work.FullName, "党员信息表-已改正.xlsx");
            await MiniExcel.SaveAsAsync(fixedSheet, report);
            await ChooseFileAsync(page, fixedSheet);
            await page.Locator("[data-testid=import-checked]").Or(page.Locator("[data-testid=import-rejected]"))
                .Or(page.Locator("[data-testid=problem]")).First.WaitForAsync();
            Assert.Contains("校验通过：共 3 行", await page.InnerTextAsync("[data-testid=import-checked]"));
            await page.ClickAsync("[data-testid=confirm-import]");
            await page.Locator("[data-testid=import-summary]").Or(page.Locator("[data-testid=problem]")).First.WaitForAsync();
            Assert.Contains("导入完成：共 3 行，已导入 3 人。", await page.InnerTextAsync("[data-testid=import-summary]"));

            // The register lists them.
            await page.GotoAsync($"{system.Issuer}members", PortalSupport.GoParsed);
            var listed = page.Locator("[data-testid=members] tbody tr").Filter(new LocatorFilterOptions { HasText = suffix });
            await listed.Nth(2).WaitForAsync();
            Assert.Equal(3, await listed.CountAsync());
            await page.ScreenshotAsync("portal-members.png");

            // Each of the secretary's pages draws without an error.
            await DrawnAsync(page, "members/new", "[data-testid=member-form]", "portal-member-new.png");
            await DrawnAsync(page, "appeals", "text=还没有半年积分汇总", "portal-appeals.png");
            await DrawnAsync(page, "pledges", "text=没有承诺", "portal-pledges.png");
            await DrawnAsync(page, "development", "text=没有处于这一阶段的人员", "portal-development.png");

            // A theme party day with the three imported members present.
            await DrawnAsync(page, "meetings", "text=还没有会议记录", screenshot: null);
            await page.Locator("[data-testid=attendance] tbody tr").Filter(new LocatorFilterOptions { HasText = names[2] }).WaitForAsync();
            await page.Field("meeting-topic").FillAsync("学习党的二十届四中全会精神");
            await page.Field("meeting-topic").PressAsync("Tab");
            await page.ClickAsync("[data-testid=record-meeting]");
            var meeting = page.Locator("[data-testid=meetings] tbody tr").Filter(new LocatorFilterOptions { HasText = "二十届四中全会" });
            await meeting.Or(page.Locator("[data-testid=problem]")).First.WaitForAsync();
            if (await meeting.CountAsync() != 1)
                Assert.Fail("the meeting was refused: " + await page.InnerTextAsync("[data-testid=problem]"));
            Assert.Contains("主题党日", await meeting.InnerTextAsync());
            await page.ScreenshotAsync("portal-meetings.png");
        });
        work.Delete(recursive: true);
    }

    /// <summary>
    /// Chooses the sheet once the import says its file input listens (<c>data-ready</c>): a file chosen before InputFile's
    /// script is attached is never seen by the page.
    /// </summary>
    private static async Task ChooseFileAsync(IPage page, string path)
    {
        await page.Locator("[data-testid=import][data-ready=true]").WaitForAsync();
        await page.SetInputFilesAsync("[data-testid=import-file]", path);
        await page.Locator("[data-testid=import-file-name]").Filter(new LocatorFilterOptions { HasText = Path.GetFileName(path) })
            .WaitForAsync();
    }

    /// <summary>Opens a page and waits for its marker; a problem shown instead fails with its message.</summary>
    private async Task DrawnAsync(IPage page, string path, string marker, string? screenshot)
    {
        await page.GotoAsync(system.Issuer + path, PortalSupport.GoParsed);
        await page.Locator(marker).Or(page.Locator("[data-testid=problem]")).First.WaitForAsync();
        if (await page.Locator("[data-testid=problem]").CountAsync() > 0)
            Assert.Fail($"{path}: " + await page.InnerTextAsync("[data-testid=problem]"));
        if (screenshot is not null) await page.ScreenshotAsync(screenshot);
    }
}
