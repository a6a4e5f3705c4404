using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// The township portal as its users meet it: served at the gateway's root, signing in at the identity service (code
/// flow + PKCE), and the points workflow from a branch secretary's entry to the township's approval.
/// </summary>
[Collection(SystemCollection.Name)]
public class PortalTests(SystemFixture system)
{
    [Fact]
    public async Task The_portal_is_served_at_the_root_and_a_clerk_signs_in_with_the_code_flow_and_signs_out()
    {
        // Anonymous: the portal answers the gateway's root by sending the browser to the identity service with PKCE.
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(system.Issuer) };
        var root = await anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        var authorize = root.Headers.Location!.ToString();
        Assert.StartsWith(system.Issuer + "connect/authorize?", authorize);
        Assert.Contains("client_id=party-portal", authorize);
        Assert.Contains("code_challenge_method=S256", authorize);
        Assert.Contains("redirect_uri=" + Uri.EscapeDataString(system.Issuer + "signin-oidc"), authorize);

        // The gateway's own routes are still its own; an unknown API path is the gateway's problem, not a portal page.
        await (await system.Operator().GetAsync("/api/nothing-here")).AssertProblemAsync(404, "resource.not_found");
        await (await anonymous.GetAsync("/api/nothing-here")).AssertProblemAsync(401, "auth.unauthenticated");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/docs/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/.well-known/openid-configuration")).StatusCode);
        var health = await (await anonymous.GetAsync("/health")).AssertStatusAsync(200);
        Assert.Equal("1/1", health["checks"]!["clusters"]!["data"]!["portal"]!.GetValue<string>());
        await system.App.ResourceNotifications.WaitForResourceHealthyAsync("portal",
            new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        var tree = await system.PortalCountyAsync("PRT", "members");
        var clerk = await system.AccountAsync(PartyRoles.Township, tree.Townships[0].Id, "乡镇文书");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PortalSupport.LaunchAsync(playwright);
        await browser.RecordingFailuresAsync("sign-in", async () =>
        {
            var context = await PortalSupport.OfficeAsync(browser);
            var page = await system.SignInAsync(context, clerk);
            Assert.Contains("乡镇文书", await page.InnerTextAsync("[data-testid=user]"));
            Assert.Contains("乡镇党委", await page.InnerTextAsync("[data-testid=user]"));
            await page.Locator("[data-testid=unit]").Filter(new LocatorFilterOptions { HasTextRegex = new Regex(".+") }).WaitForAsync();
            Assert.Contains("待审核的积分登记", await page.InnerTextAsync("[data-testid=todo]"));
            await page.ScreenshotAsync("portal-home.png");

            // Signing out ends the identity service's sign-in too: the portal asks for the password again.
            await page.ClickAsync("[data-testid=signout]");
            await page.WaitForURLAsync(new Regex("/account/login"), PortalSupport.Committed);
            await page.Locator("#accountName").WaitForAsync();
            await page.GotoAsync(system.Issuer, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            await page.WaitForURLAsync(new Regex("/account/login"), PortalSupport.Committed);
            await page.Locator("#accountName").WaitForAsync();
            Assert.Contains("登录", await page.TitleAsync());
        });
    }

    [Fact]
    public async Task A_branch_secretary_records_a_points_entry_and_the_township_approval_changes_the_member_total()
    {
        var tree = await system.PortalCountyAsync("PTS", "members");
        var village = tree.Townships[0].Villages[0];
        await system.PointsSchemeAsync(tree, village);
        var memberName = "王" + Guid.NewGuid().ToString("N")[..4];
        var member = await system.Gateway(PartyRoles.Township, tree.Townships[0].Id).CreateFullMemberAsync(village, memberName);
        var secretary = await system.AccountAsync(PartyRoles.Branch, village, "支部书记");
        var clerk = await system.AccountAsync(PartyRoles.Township, tree.Townships[0].Id, "乡镇组织委员");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PortalSupport.LaunchAsync(playwright);
        await browser.RecordingFailuresAsync("points", async () =>
        {

            // The branch secretary records 带头致富 for the member: it waits for review.
            {
                var office = await PortalSupport.OfficeAsync(browser);
                var page = await system.SignInAsync(office, secretary, "points/entries");
                await page.ChooseAsync("member", memberName, typed: memberName[..2]);
                await page.ChooseAsync("item", "带头致富");
                await page.Locator("[data-testid=preview]").Filter(new LocatorFilterOptions { HasText = memberName })
                    .Filter(new LocatorFilterOptions { HasText = "带头致富" }).WaitForAsync();
                await page.ClickAsync("[data-testid=record]");
                var row = page.Locator("[data-testid=entries] tbody tr").Filter(new LocatorFilterOptions { HasText = memberName })
                    .Filter(new LocatorFilterOptions { HasText = "待审核" });
                await row.Or(page.Locator("[data-testid=problem]")).First.WaitForAsync();
                if (await row.CountAsync() != 1)
                    Assert.Fail("the entry was refused: " + await page.InnerTextAsync("[data-testid=problem]"));
                Assert.Contains("带头致富", await row.InnerTextAsync());
                await page.ScreenshotAsync("portal-points-entry.png");
                await office.CloseAsync();
            }
            var ledger = await (await system.Gateway(PartyRoles.Township, tree.Townships[0].Id)
                .GetAsync($"/api/members/points/members/{member}/ledger")).AssertStatusAsync(200);
            Assert.Equal((0m, 1), (ledger["score"]!.GetValue<decimal>(), ledger["pending"]!.GetValue<int>()));

            // The township sees it on its home page and in its review queue, approves it, and the member's total is 10.
            {
                var office = await PortalSupport.OfficeAsync(browser);
                var page = await system.SignInAsync(office, clerk);
                var todo = page.Locator("[data-testid=todo]").Filter(new LocatorFilterOptions { HasText = "待审核的积分登记" });
                await todo.Locator("[data-testid=todo-count]")
                    .Filter(new LocatorFilterOptions { HasTextRegex = new Regex("^[1-9]") }).WaitForAsync();
                await page.ScreenshotAsync("portal-home.png");
                await todo.Locator("a").ClickAsync();
                await page.WaitForURLAsync(new Regex("/points/review$"), PortalSupport.Parsed);
                var row = page.Locator("[data-testid=queue] tbody tr").Filter(new LocatorFilterOptions { HasText = memberName });
                await row.WaitForAsync();
                await page.ScreenshotAsync("portal-review-queue.png");
                await row.Locator("[data-testid=approve]").ClickAsync();
                await row.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });

                await page.GotoAsync($"{system.Issuer}members/{member}", PortalSupport.GoParsed);
                await page.Locator("[data-testid=score]").WaitForAsync();
                Assert.Equal("10", (await page.InnerTextAsync("[data-testid=score]")).Trim());
                Assert.Contains("已通过", await page.InnerTextAsync("[data-testid=ledger]"));
                await page.ScreenshotAsync("portal-member.png");
                await office.CloseAsync();
            }
        });
    }

    [Fact]
    public async Task A_township_user_editing_the_address_cannot_reach_another_townships_member()
    {
        var tree = await system.PortalCountyAsync("PXT", "members");
        var township = system.Gateway(PartyRoles.Township, tree.Townships[0].Id);
        var own = await township.CreateFullMemberAsync(tree.Townships[0].Villages[0], "本镇党员");
        var other = await system.Gateway(PartyRoles.Township, tree.Townships[1].Id)
            .CreateFullMemberAsync(tree.Townships[1].Villages[0], "外镇党员");
        var clerk = await system.AccountAsync(PartyRoles.Township, tree.Townships[0].Id, "乡镇文书");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PortalSupport.LaunchAsync(playwright);
        await browser.RecordingFailuresAsync("other-township", async () =>
        {
            var office = await PortalSupport.OfficeAsync(browser);
            var page = await system.SignInAsync(office, clerk, $"members/{own}");
            Assert.Equal("本镇党员", (await page.Locator("[data-testid=member-name]").InnerTextAsync()).Trim());

            // The same page with the other township's member id typed into the address: the message a missing record gets.
            await page.GotoAsync($"{system.Issuer}members/{other}", PortalSupport.GoParsed);
            await page.Locator("[data-testid=problem-message]").WaitForAsync();
            Assert.Equal("未找到该记录，或它不在您的管辖范围内。", (await page.InnerTextAsync("[data-testid=problem-message]")).Trim());
            Assert.DoesNotContain("外镇党员", await page.ContentAsync());
            Assert.Equal(0, await page.Locator("[data-testid=member-name]").CountAsync());
            // An id that exists nowhere reads exactly the same.
            await page.GotoAsync($"{system.Issuer}members/{Guid.NewGuid()}", PortalSupport.GoParsed);
            await page.Locator("[data-testid=problem-message]").WaitForAsync();
            Assert.Equal("未找到该记录，或它不在您的管辖范围内。", (await page.InnerTextAsync("[data-testid=problem-message]")).Trim());
        });
    }

    [Fact]
    public async Task The_township_opens_the_attendance_month_table_from_its_home_and_sees_only_its_own_cadres()
    {
        var tree = await system.PortalCountyAsync("PAT", "resident-cadres");
        var county = system.Gateway(PartyRoles.County, tree.County);
        var today = CrossServiceSupport.Today;
        // Stationed since the 1st with no check-in yet: the whole month's 22 days are still missing.
        async Task<string> StationAsync(Guid village, string surname)
        {
            var name = surname + Guid.NewGuid().ToString("N")[..4];
            var cadre = await (await county.PostJsonAsync("/api/resident-cadres/cadres", new
            {
                userId = "u-" + Guid.NewGuid().ToString("N")[..12], name, dispatchingUnit = "县农业农村局", orgUnitId = village,
            })).AssertStatusAsync(201);
            await (await county.PostJsonAsync($"/api/resident-cadres/cadres/{cadre["id"]}/assignments",
                new { villageId = village, role = "firstSecretary", countyDispatched = true,
                    startsOn = new DateOnly(today.Year, today.Month, 1) })).AssertStatusAsync(201);
            return name;
        }
        var own = await StationAsync(tree.Townships[0].Villages[0], "孙");
        var other = await StationAsync(tree.Townships[1].Villages[0], "周");
        var clerk = await system.AccountAsync(PartyRoles.Township, tree.Townships[0].Id, "乡镇组织委员");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PortalSupport.LaunchAsync(playwright);
        await browser.RecordingFailuresAsync("attendance", async () =>
        {
            var office = await PortalSupport.OfficeAsync(browser);
            var page = await system.SignInAsync(office, clerk);
            var todo = page.Locator("[data-testid=todo]").Filter(new LocatorFilterOptions { HasText = "本月在村未满 22 天的驻村干部" });
            await todo.Locator("[data-testid=todo-count]")
                .Filter(new LocatorFilterOptions { HasTextRegex = new Regex("^1$") }).WaitForAsync();
            await todo.Locator("a").ClickAsync();
            await page.WaitForURLAsync(new Regex($"/attendance\\?year={today.Year}&month={today.Month}$"), PortalSupport.Parsed);

            var row = page.Locator("[data-testid=attendance] tbody tr").Filter(new LocatorFilterOptions { HasText = own });
            await row.WaitForAsync();
            var text = await row.InnerTextAsync();
            Assert.Contains("0 / 22 天", text);
            Assert.Matches(new Regex("尚未达标|无法达标"), text);
            Assert.Contains($"{today.Year} 年 {today.Month} 月", await page.InnerTextAsync("[data-testid=month]"));
            // Another township's cadre is not listed, and the table holds only this township's one cadre.
            Assert.DoesNotContain(other, await page.InnerTextAsync("[data-testid=attendance]"));
            Assert.Equal(1, await page.Locator("[data-testid=attendance] tbody tr").CountAsync());
            await page.ScreenshotAsync("portal-attendance.png");

            // The export is the same month as a file the browser saves.
            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export]"));
            Assert.Equal($"驻村干部考勤-{today.Year}年{today.Month}月.xlsx", download.SuggestedFilename);
            var sheet = (await MiniExcelLibs.MiniExcel.QueryAsync(await download.PathAsync(), useHeaderRow: true,
                excelType: MiniExcelLibs.ExcelType.XLSX)).Cast<IDictionary<string, object>>().ToList();
            Assert.Equal([own], sheet.Select(r => (string)r["驻村干部"]).ToArray());
        });
    }

    [Fact]
    public async Task The_public_honor_roll_opens_without_signing_in_and_shows_no_id_number_or_phone()
    {
        var tree = await system.PortalCountyAsync("PRL", "members", "honors");
        var village = tree.Townships[0].Villages[0];
        var township = system.Gateway(PartyRoles.Township, tree.Townships[0].Id);
        var citizenId = MembersClient.NewCitizenId();
        var name = "刘" + Guid.NewGuid().ToString("N")[..4];
        var member = (await (await township.PostJsonAsync("/api/members/members", new
        {
            branchId = village, name, ethnicity = "汉族", citizenId, mobile = "13712345678", stage = "full",
            fullOn = new DateOnly(2015, 7, 1),
        })).AssertStatusAsync(201))["id"]!.GetValue<Guid>();
        await (await township.PostJsonAsync("/api/honors/external-honors", new
        {
            subjectKind = "member", subjectId = member, subjectName = name, orgUnitId = village, honorName = "全国优秀共产党员", issuer = "中共中央",
            level = "national", year = CrossServiceSupport.Today.Year, deeds = "扎根基层二十年，带领群众发展特色种植。",
        })).AssertStatusAsync(201);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PortalSupport.LaunchAsync(playwright);
        await browser.RecordingFailuresAsync("roll", async () =>
        {
            var visitor = await PortalSupport.OfficeAsync(browser);
            var page = await visitor.NewPageAsync();
            await page.GotoAsync($"{system.Issuer}roll/{tree.Townships[0].Id}", PortalSupport.GoParsed);
            await page.Locator("[data-testid=roll]").GetByText(name).WaitForAsync();
            Assert.StartsWith($"{system.Issuer}roll/", page.Url); // not sent to the sign-in page
            var text = await page.InnerTextAsync("body");
            Assert.Contains("全国优秀共产党员（国家级）", text);
            Assert.Contains("光荣榜", await page.InnerTextAsync("[data-testid=roll-title]"));
            Assert.DoesNotContain(citizenId, text);
            Assert.DoesNotContain(citizenId[..6] + "*", text);
            Assert.DoesNotContain("13712345678", text);
            Assert.DoesNotContain("13712345678", await page.ContentAsync());
            await page.ScreenshotAsync("portal-honor-roll.png");
        });
    }
}
