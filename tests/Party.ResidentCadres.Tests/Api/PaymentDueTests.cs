using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Party.Contracts.ResidentCadres;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Cadres;
using Party.ResidentCadres.Jobs;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.ResidentCadres.Tests.Api;

/// <summary>支付期限: an approved statement still unpaid on its due day is announced to the finance bureau, once.</summary>
public class PaymentDueTests(CadresFactory factory) : IClassFixture<CadresFactory>
{
    [Fact]
    public async Task An_unpaid_statement_is_announced_on_its_due_day_once_and_only_with_its_mark()
    {
        var world = await World.CreateAsync(factory);
        await using var probe = await EventProbe<StipendPaymentDue>.StartAsync(factory.Services);
        var unpaid = await world.StationAsync(world.Village(0, 0), new DateOnly(2027, 3, 1), CadreRole.FirstSecretary, name: "未付");
        var paid = await world.StationAsync(world.Village(0, 1), new DateOnly(2027, 3, 1), name: "已付");
        var pending = await world.StationAsync(world.Village(1, 0), new DateOnly(2027, 3, 1), name: "未审定");
        await (await world.CheckInAsync(unpaid)).AssertStatusAsync(201);

        factory.MoveTo(new DateOnly(2027, 4, 1));
        var close = (await (await world.Township1.PostJsonAsync("/api/resident-cadres/months/2027/3/close", new { }))
            .AssertStatusAsync(201))["id"]!.GetValue<Guid>();
        await (await world.Township2.PostJsonAsync("/api/resident-cadres/months/2027/3/close", new { })).AssertStatusAsync(201);
        await (await world.Township1.PostAsync($"/api/resident-cadres/closes/{close}/township-approval", null)).AssertStatusAsync(200);
        await (await world.County.PostAsync($"/api/resident-cadres/closes/{close}/county-approval", null)).AssertStatusAsync(200);
        var finance = factory.Client(PartyRoles.Bureau, world.Tree.County, "finance-bureau", "finance.payments");
        var items = (await (await finance.GetAsync("/api/resident-cadres/payments?year=2027&month=3"))
            .AssertStatusAsync(200))["items"]!.AsArray();
        Guid StatementOf(CadreHandle c) => items.Single(i => i!["cadreId"]!.GetValue<Guid>() == c.Id)!["id"]!.GetValue<Guid>();
        var unpaidStatement = StatementOf(unpaid);
        var confirm = new HttpRequestMessage(HttpMethod.Post, $"/api/resident-cadres/payments/{StatementOf(paid)}/confirm")
        { Content = JsonContent.Create(new { reference = "PAY-2027-04-007" }) };
        confirm.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        await (await finance.SendAsync(confirm)).AssertStatusAsync(200);

        // Approved on 1 April, 15 days' term (the default): due on the 16th, not before.
        factory.MoveTo(new DateOnly(2027, 4, 15), 23, 59);
        Assert.Equal(0, await RunAsync());
        factory.MoveTo(new DateOnly(2027, 4, 16), 0, 1);

        // The mark and the outbox row are one transaction: rolled back, neither stays, and the next run still finds it.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ResidentCadresDbContext>();
            await using var outer = await db.Database.BeginTransactionAsync();
            Assert.Equal(1, await PaymentDueCheck.RunAsync(db, factory.Clock.GetUtcNow(), CancellationToken.None));
            await outer.RollbackAsync();
        }
        Assert.Equal(0, await OutboxCountAsync(unpaidStatement));

        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());
        factory.MoveTo(new DateOnly(2027, 4, 20));
        Assert.Equal(0, await RunAsync());
        Assert.Equal(1, await OutboxCountAsync(unpaidStatement));

        var e = await Eventually.ResultAsync(() => Task.FromResult(probe.Messages.Where(m => m.CloseId == close).ToList()),
            l => l.Count > 0, TimeSpan.FromSeconds(15), "payment due published");
        var due = Assert.Single(e);
        Assert.Equal((unpaidStatement, unpaid.Id, world.Village(0, 0), 2027, 3, "regular"),
            (due.StatementId, due.CadreId, due.VillageId, due.Year, due.Month, due.Kind));
        Assert.Equal((new DateOnly(2027, 4, 1), new DateOnly(2027, 4, 16)), (due.ApprovedOn, due.DueOn));
        Assert.Equal(122.73m, due.Total); // 100 × 1 day + 400 × 1/22 + 100 × 1/22
        // The township-2 statement was never approved by the county: never due.
        Assert.DoesNotContain(probe.Messages, m => m.CadreId == pending.Id);
    }

    private async Task<int> RunAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await PaymentDueCheck.RunAsync(scope.ServiceProvider.GetRequiredService<ResidentCadresDbContext>(),
            factory.Clock.GetUtcNow(), CancellationToken.None);
    }

    private async Task<int> OutboxCountAsync(Guid statement)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ResidentCadresDbContext>();
        return (await db.OutboxMessages.Where(o => o.Type == typeof(StipendPaymentDue).FullName).Select(o => o.Body).ToListAsync())
            .Count(b => b.Contains(statement.ToString()));
    }
}
