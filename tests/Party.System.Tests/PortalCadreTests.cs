using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.System.Tests;

/// <summary>
/// The resident cadre's phone page (375×812) with the browser's geolocation granted and faked: a check-in at the
/// village office counts, one two kilometres away waits for the township; a leave request is sent from the same page
/// and the township approves it from its list.
/// </summary>
[Collection(SystemCollection.Name)]
public class PortalCadreTests(SystemFixture system)
{
    private const double OfficeLatitude = 34.7466, OfficeLongitude = 113.6253;

    [Fact]
    public async Task A_cadre_on_a_phone_checks_in_inside_and_outside_the_geofence_and_the_township_approves_their_leave()
    {
        var tree = await system.PortalCountyAsync("PCD", "resident-cadres");
        var village = tree.Townships[0].Villages[0];
        var county = system.Gateway(PartyRoles.County, tree.County);
        await (await county.PutJsonAsync($"/api/resident-cadres/villages/{village}/office",
            new { latitude = OfficeLatitude, longitude = OfficeLongitude, geofenceRadiusMeters = 300, reason = "村部位置登记" }))
                .AssertStatusAsync(200);
        var inside = await CadreAsync(county, tree, village, "李驻村");
        var outside = await CadreAsync(county, tree, village, "赵驻村");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PortalSupport.LaunchAsync(playwright);
        await browser.RecordingFailuresAsync("cadre", async () =>
        {

            // About 50 m from the office: counted at once.
            {
                var phone = await PhoneAsync(browser, OfficeLatitude + 0.0004, OfficeLongitude + 0.0002);
                var page = await system.SignInAsync(phone, inside, "cadre");
                await page.ClickAsync("[data-testid=checkin]");
                var result = await page.Locator("[data-testid=checkin-result]").InnerTextAsync();
                Assert.Matches(new Regex("签到成功，距村部 [0-9]+ 米，在签到范围内，计入在村天数"), result);
                Assert.Contains("我的本月", await page.InnerTextAsync("[data-testid=my-month]"));
                await page.ScreenshotAsync("portal-phone-checkin.png");
                await phone.CloseAsync();
            }

            // About 2.2 km away: recorded, flagged, and waiting for the township — said in one sentence.
            {
                var phone = await PhoneAsync(browser, OfficeLatitude + 0.02, OfficeLongitude);
                var page = await system.SignInAsync(phone, outside, "cadre");
                await page.ClickAsync("[data-testid=checkin]");
                var result = await page.Locator("[data-testid=checkin-result]").InnerTextAsync();
                Assert.Matches(new Regex("已记录签到，距村部 2[0-9]{3} 米（位置在签到范围之外），须乡镇审核通过后才计入在村天数"), result);

                // Leave for the next working day, from the same page.
                var day = NextWorkingDay(CrossServiceSupport.Today.AddDays(1)).ToString("yyyy-MM-dd");
                await page.Field("leave-from").FillAsync(day);
                await page.Field("leave-from").PressAsync("Tab");
                await page.Field("leave-to").FillAsync(day);
                await page.Field("leave-to").PressAsync("Tab");
                await page.Field("leave-reason").FillAsync("家中老人住院");
                await page.ClickAsync("[data-testid=leave-submit]");
                Assert.Contains($"已提交 {day} 至 {day} 的事假（1 天），待审核", await page.Locator("[data-testid=leave-result]").InnerTextAsync());
                await phone.CloseAsync();
            }
            var township = system.Gateway(PartyRoles.Township, tree.Townships[0].Id);
            var leaves = await (await township.GetAsync("/api/resident-cadres/leaves?status=PendingTownship")).AssertStatusAsync(200);
            Assert.Equal(1, leaves["total"]!.GetValue<long>());

            // The township approves it from its list (one day: no county step).
            {
                var clerk = await system.AccountAsync(PartyRoles.Township, tree.Townships[0].Id, "乡镇组织委员");
                var office = await PortalSupport.OfficeAsync(browser);
                var page = await system.SignInAsync(office, clerk, "leaves");
                var row = page.Locator("[data-testid=leaves] tbody tr").Filter(new LocatorFilterOptions { HasText = "赵驻村" });
                Assert.Contains("家中老人住院", await row.InnerTextAsync());
                await row.Locator("[data-testid=approve-leave]").ClickAsync();
                await row.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
                await office.CloseAsync();
            }
            var approved = await (await township.GetAsync("/api/resident-cadres/leaves?status=Approved")).AssertStatusAsync(200);
            Assert.Equal(1, approved["total"]!.GetValue<long>());
        });
    }

    private static DateOnly NextWorkingDay(DateOnly from)
    {
        while (from.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) from = from.AddDays(1);
        return from;
    }

    /// <summary>A phone with location permission granted and the position given.</summary>
    private static Task<IBrowserContext> PhoneAsync(IBrowser browser, double latitude, double longitude) =>
        PortalSupport.ContextAsync(browser, new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 375, Height = 812 }, IsMobile = true, HasTouch = true, Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            Geolocation = new Geolocation { Latitude = (float)latitude, Longitude = (float)longitude, Accuracy = 10 },
            Permissions = ["geolocation"],
        });

    /// <summary>A cadre account (its id is the cadre's userId), registered and stationed in the village from today.</summary>
    private async Task<(string, string)> CadreAsync(HttpClient county, CountyTree tree, Guid village, string name)
    {
        var account = "cadre" + Guid.NewGuid().ToString("N")[..8];
        var created = await (await system.Operator().PostJsonAsync("/api/identity/users", new
        {
            accountName = account, displayName = name, mobile = "13900139000", role = PartyRoles.Cadre, orgUnitId = village,
        })).AssertStatusAsync(201);
        var cadre = await (await county.PostJsonAsync("/api/resident-cadres/cadres", new
        {
            userId = created["user"]!["id"]!.GetValue<Guid>().ToString(), name, dispatchingUnit = "县农业农村局", orgUnitId = village,
        })).AssertStatusAsync(201);
        await (await county.PostJsonAsync($"/api/resident-cadres/cadres/{cadre["id"]}/assignments",
            new { villageId = village, role = "firstSecretary", countyDispatched = true,
                startsOn = CrossServiceSupport.Today.AddDays(-3) })).AssertStatusAsync(201);
        return (account, created["initialPassword"]!.GetValue<string>());
    }
}
