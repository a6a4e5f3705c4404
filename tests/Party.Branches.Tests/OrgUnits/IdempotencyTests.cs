using System.Net.Http.Json;
using Party.ServiceDefaults.Auth;
using Party.Testing;

namespace Party.Branches.Tests.OrgUnits;

public class IdempotencyTests(BranchesFactory factory) : IClassFixture<BranchesFactory>
{
    [Fact]
    public async Task A_repeated_key_replays_the_first_answer_and_writes_once()
    {
        var tree = await new OrgTreeClient(factory.OperatorClient()).CreateCountyAsync("I" + Guid.NewGuid().ToString("N")[..7], 1, 0);
        var county = factory.ClientFor(PartyRoles.County, tree.County);
        var key = Guid.NewGuid().ToString();
        var body = new { code = "IDEM" + Guid.NewGuid().ToString("N")[..6], name = "幂等村党支部", kind = "branch", domain = "ruralVillage",
            parentId = tree.Townships[0].Id };

        async Task<HttpResponseMessage> Send(object content)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, OrgTreeClient.Url)
                { Content = JsonContent.Create(content, options: Http.Json) };
            request.Headers.Add("Idempotency-Key", key);
            return await county.SendAsync(request);
        }

        var first = await (await Send(body)).AssertStatusAsync(201);
        var again = await Send(body);
        var replayed = await again.AssertStatusAsync(201);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first["id"]!.GetValue<Guid>(), replayed["id"]!.GetValue<Guid>());

        await (await Send(body with { })).AssertStatusAsync(201);
        await (await Send(new { body.code, name = "另一个名字", body.kind, body.domain, body.parentId }))
            .AssertProblemAsync(422, "idempotency.key_reused");

        var list = await (await county.GetAsync($"{OrgTreeClient.Url}?under={tree.Townships[0].Id}")).AssertStatusAsync(200);
        Assert.Equal(2, list["total"]!.GetValue<long>());
    }
}
