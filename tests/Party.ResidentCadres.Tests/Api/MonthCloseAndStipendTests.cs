using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Party.Contracts.ResidentCadres;
using Party.ResidentCadres.Domain.Cadres;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.ResidentCadres.Tests.Api;

/// <summary>March 2027 from the first check-in to payment: spot checks, close, approvals, finance, adjustment.</summary>
public class MonthCloseAndStipendTests(CadresFactory factory) : IClassFixture<CadresFactory>
{
    private static readonly DateOnly March1 = new(2027, 3, 1);

    private static decimal Money(JsonNode node, string field) => node[field]!.GetValue<decimal>();

    [Fact]
    public async Task A_month_from_check_ins_to_payment()
    {
        var world = await World.CreateAsync(factory);
        await using var violations = await EventProbe<CadreViolationRecorded>.StartAsync(factory.Services);
        await using var closes = await EventProbe<MonthlyAttendanceClosed>.StartAsync(factory.Services);
        await using var approvals = await EventProbe<StipendStatementsApproved>.StartAsync(factory.Services);
        var full = await world.StationAsync(world.Village(0, 0), March1, CadreRole.FirstSecretary, name: "全月");
        var partial = await world.StationAsync(world.Village(0, 1), new DateOnly(2027, 3, 10), endsOn: new DateOnly(2027, 3, 20),
            name: "半月");
        var other = await world.StationAsync(world.Village(1, 0), March1, name: "二乡镇");

        for (var day = March1; day <= new DateOnly(2027, 3, 22); day = day.AddDays(1))
        {
            factory.MoveTo(day);
            await (await world.CheckInAsync(full)).AssertStatusAsync(201);
            await (await world.CheckInAsync(other)).AssertStatusAsync(201);
            if (day.Day is >= 10 and <= 17) await (await world.CheckInAsync(partial)).AssertStatusAsync(201);
        }
        factory.MoveTo(new DateOnly(2027, 3, 25));

        var line = await world.AttendanceLineAsync(world.Township1, 2027, 3, full.Id);
        Assert.Equal(22, line["inVillageDays"]!.GetValue<int>());
        Assert.True(line["compliant"]!.GetValue<bool>());
        Assert.Equal(2700m, Money(line, "total"));
        // Assigned on the 10th, ended on the 20th: 11 of 31 days, 22 × 11 ÷ 31 = 7.8 → 8 required; 8 check-ins make the month.
        var partialLine = await world.AttendanceLineAsync(world.Township1, 2027, 3, partial.Id);
        Assert.Equal(11, partialLine["assignedDays"]!.GetValue<int>());
        Assert.Equal(8, partialLine["requiredDays"]!.GetValue<int>());
        Assert.Equal(8, partialLine["inVillageDays"]!.GetValue<int>());
        Assert.Equal(1300m, Money(partialLine, "total"));

        // Absent on a day with a check-in: the check-in is revoked and the open month's stipend drops.
        var spot = await (await world.Township1.PostJsonAsync("/api/resident-cadres/spot-checks",
            new { cadreId = full.Id, day = new DateOnly(2027, 3, 5), method = "unannounced", present = false, note = "暗访不在村" }))
                .AssertStatusAsync(201);
        Assert.Equal("checkInRevoked", spot["violationKind"]!.GetValue<string>());
        line = await world.AttendanceLineAsync(world.Township1, 2027, 3, full.Id);
        Assert.Equal(21, line["inVillageDays"]!.GetValue<int>());
        Assert.False(line["compliant"]!.GetValue<bool>());
        Assert.Equal(2100m, Money(line, "living"));
        Assert.Equal(381.82m, Money(line, "transport"));
        Assert.Equal(95.45m, Money(line, "communication"));
        Assert.Equal(1, line["violations"]!.GetValue<int>());

        // Absent with neither check-in nor leave: an absence violation.
        var absence = await (await world.Township1.PostJsonAsync("/api/resident-cadres/spot-checks",
            new { cadreId = full.Id, day = new DateOnly(2027, 3, 24), method = "phone", present = false })).AssertStatusAsync(201);
        Assert.Equal("absence", absence["violationKind"]!.GetValue<string>());
        await (await world.Township2.PostJsonAsync("/api/resident-cadres/spot-checks",
            new { cadreId = full.Id, day = new DateOnly(2027, 3, 24), method = "phone", present = false }))
                .AssertProblemAsync(404, "cadres.not_found");
        await Eventually.TrueAsync(() => Task.FromResult(violations.Messages.Count(v => v.CadreId == full.Id) == 2),
            TimeSpan.FromSeconds(15), "violations published");
        Assert.Equal(["absence", "checkInRevoked"],
            violations.Messages.Where(v => v.CadreId == full.Id).Select(v => v.Kind).Order().ToArray());

        // The month is not over yet.
        await (await world.Township1.PostJsonAsync("/api/resident-cadres/months/2027/3/close", new { }))
            .AssertProblemAsync(409, "months.not_over");
        factory.MoveTo(new DateOnly(2027, 4, 1));
        var close = await (await world.Township1.PostJsonAsync("/api/resident-cadres/months/2027/3/close", new { })).AssertStatusAsync(201);
        var closeId = close["id"]!.GetValue<Guid>();
        Assert.Equal(2, close["cadres"]!.GetValue<int>());
        Assert.Equal(2, close["pendingTownship"]!.GetValue<int>());
        await (await world.Township1.PostJsonAsync("/api/resident-cadres/months/2027/3/close", new { }))
            .AssertProblemAsync(409, "months.already_closed");
        await (await world.Township2.GetAsync($"/api/resident-cadres/closes/{closeId}")).AssertProblemAsync(404, "month_closes.not_found");

        var evt = await Eventually.ResultAsync(() => Task.FromResult(closes.Messages.FirstOrDefault(c => c.CloseId == closeId)),
            c => c is not null, TimeSpan.FromSeconds(15), "close published");
        var fullEvt = evt!.Cadres.Single(c => c.CadreId == full.Id);
        Assert.Equal((21, 22, false, 2), (fullEvt.InVillageDays, fullEvt.RequiredDays, fullEvt.Compliant, fullEvt.Violations));
        Assert.Equal((8, 8, true),
            (evt.Cadres.Single(c => c.CadreId == partial.Id).InVillageDays, evt.Cadres.Single(c => c.CadreId == partial.Id).RequiredDays,
            evt.Cadres.Single(c => c.CadreId == partial.Id).Compliant));
        Assert.Equal(world.Township1Id, evt.TownshipId);

        // Township then county; the county cannot go first.
        await (await world.County.PostAsync($"/api/resident-cadres/closes/{closeId}/county-approval", null))
            .AssertProblemAsync(409, "statements.nothing_to_approve");
        Assert.Equal(2, (await (await world.Township1.PostAsync($"/api/resident-cadres/closes/{closeId}/township-approval", null))
            .AssertStatusAsync(200))["statements"]!.GetValue<int>());
        var finance = factory.Client(PartyRoles.Bureau, world.Tree.County, "finance-bureau", PaymentsApiScope);
        var payable = await (await finance.GetAsync("/api/resident-cadres/payments?year=2027&month=3")).AssertStatusAsync(200);
        Assert.Equal(0, payable["total"]!.GetValue<int>());
        Assert.Equal(2, (await (await world.County.PostAsync($"/api/resident-cadres/closes/{closeId}/county-approval", null))
            .AssertStatusAsync(200))["statements"]!.GetValue<int>());

        payable = await (await finance.GetAsync("/api/resident-cadres/payments?year=2027&month=3")).AssertStatusAsync(200);
        Assert.Equal(2, payable["total"]!.GetValue<int>());
        // The status as the API writes it (camelCase), as C# names it, or in capitals: one meaning; an unknown one is refused.
        foreach (var status in new[] { "approved", "Approved", "APPROVED" })
            Assert.Equal(2, (await (await finance.GetAsync($"/api/resident-cadres/payments?year=2027&month=3&status={status}"))
                .AssertStatusAsync(200))["total"]!.GetValue<int>());
        Assert.Equal(0, (await (await finance.GetAsync("/api/resident-cadres/payments?year=2027&month=3&status=paid"))
            .AssertStatusAsync(200))["total"]!.GetValue<int>());
        await (await finance.GetAsync("/api/resident-cadres/payments?status=unpaid")).AssertStatusAsync(400);
        // The county's approval, not the township's, tells the finance bureau (its webhook) what became payable.
        var approved = await Eventually.ResultAsync(() => Task.FromResult(approvals.Messages.Where(a => a.CloseId == closeId).ToList()),
            l => l.Count > 0, TimeSpan.FromSeconds(15), "approval published");
        Assert.Equal((world.Township1Id, 2027, 3, 2),
            (approved.Single().TownshipId, approved.Single().Year, approved.Single().Month, approved.Single().Statements));
        Assert.Equal(payable["items"]!.AsArray().Sum(i => Money(i!, "total")), approved.Single().Total);
        var statement = payable["items"]!.AsArray().Single(s => s!["cadreId"]!.GetValue<Guid>() == full.Id)!;
        Assert.Equal(2577.27m, Money(statement, "total"));
        var statementId = statement["id"]!.GetValue<Guid>();
        await (await world.Township1.GetAsync("/api/resident-cadres/payments")).AssertStatusAsync(403);
        var xlsx = await finance.GetAsync("/api/resident-cadres/payments?format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);

        // A repeated Idempotency-Key pays once; so does the same confirmation under a new key (the statement is
        // the natural key), while a confirmation with another reference is a conflict.
        async Task<HttpResponseMessage> Confirm(string key, string reference = "PAY-2027-04-001")
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/resident-cadres/payments/{statementId}/confirm")
            { Content = JsonContent.Create(new { reference }) };
            request.Headers.Add("Idempotency-Key", key);
            return await finance.SendAsync(request);
        }
        await (await finance.PostJsonAsync($"/api/resident-cadres/payments/{statementId}/confirm", new { reference = "x" }))
            .AssertProblemAsync(400, "idempotency.key_required");
        var paid1 = await (await Confirm("key-1")).AssertStatusAsync(200);
        var paid2 = await (await Confirm("key-1")).AssertStatusAsync(200);
        Assert.Equal(paid1.ToJsonString(), paid2.ToJsonString());
        Assert.Equal("paid", paid1["status"]!.GetValue<string>());
        var paid3 = await (await Confirm("key-2")).AssertStatusAsync(200);
        Assert.Equal(paid1.ToJsonString(), paid3.ToJsonString());
        await (await Confirm("key-3", "PAY-2027-04-999")).AssertProblemAsync(409, "payments.reference_conflict");
        var audit = await (await world.County.GetAsync($"/api/resident-cadres/audit?entity=statement&entityId={statementId}"))
            .AssertStatusAsync(200);
        Assert.Equal(1, audit["total"]!.GetValue<int>());

        // A correction after approval: the approved statements stay, an adjusting statement carries the difference.
        await (await world.Township1.PostJsonAsync("/api/resident-cadres/spot-checks",
            new { cadreId = full.Id, day = new DateOnly(2027, 3, 10), method = "visit", present = false })).AssertStatusAsync(201);
        var statements = await (await world.Township1.GetAsync($"/api/resident-cadres/closes/{closeId}/statements")).AssertStatusAsync(200);
        Assert.Equal(2, statements["total"]!.GetValue<int>());
        Assert.Equal(2577.27m, Money(statements["items"]!.AsArray().Single(s => s!["cadreId"]!.GetValue<Guid>() == full.Id)!, "total"));
        Assert.Equal(1, (await (await world.Township1.PostAsync($"/api/resident-cadres/closes/{closeId}/adjustments", null))
            .AssertStatusAsync(200))["statements"]!.GetValue<int>());
        await (await world.Township1.PostAsync($"/api/resident-cadres/closes/{closeId}/adjustments", null))
            .AssertProblemAsync(409, "statements.no_difference");
        statements = await (await world.Township1.GetAsync($"/api/resident-cadres/closes/{closeId}/statements")).AssertStatusAsync(200);
        var adjusting = statements["items"]!.AsArray().Single(s => s!["kind"]!.GetValue<string>() == "adjusting")!;
        // 20 days now: 2000 + 363.64 + 90.91, against 2100 + 381.82 + 95.45 stated.
        Assert.Equal((-100m, -18.18m, -4.54m, -122.72m, "pendingTownship"),
            (Money(adjusting, "living"), Money(adjusting, "transport"), Money(adjusting, "communication"), Money(adjusting, "total"),
                adjusting["status"]!.GetValue<string>()));
    }

    private const string PaymentsApiScope = "finance.payments";
}
