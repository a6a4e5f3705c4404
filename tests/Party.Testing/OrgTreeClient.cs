using System.Text.Json.Nodes;

namespace Party.Testing;

/// <summary>Creates org units through the branches API (direct or through the gateway) the way an office would.</summary>
public sealed class OrgTreeClient(HttpClient client)
{
    public const string Url = "/api/branches/org-units";

    public async Task<Guid> CreateAsync(string code, string name, string kind, string domain, Guid? parentId, Guid? id = null)
    {
        var response = await client.PostJsonAsync(Url, new { id, code, name, kind, domain, parentId });
        var body = await response.AssertStatusAsync(201);
        return body["id"]!.GetValue<Guid>();
    }

    /// <summary>A county with <paramref name="townships"/> townships of <paramref name="villagesEach"/> village branches each.</summary>
    public async Task<CountyTree> CreateCountyAsync(string prefix, int townships, int villagesEach)
    {
        var county = await CreateAsync($"{prefix}", $"{prefix}县委", "countyCommittee", "governmentOrgan", null);
        var result = new CountyTree(county, []);
        for (var t = 1; t <= townships; t++)
        {
            var township = await CreateAsync($"{prefix}-T{t}", $"第{t}乡镇党委", "townshipCommittee", "governmentOrgan", county);
            var villages = new List<Guid>();
            for (var v = 1; v <= villagesEach; v++)
                villages.Add(await CreateAsync($"{prefix}-T{t}-V{v}", $"第{t}乡镇第{v}村党支部", "branch", "ruralVillage", township));
            result.Townships.Add(new TownshipTree(township, villages));
        }
        return result;
    }

    public async Task<JsonNode> GetAsync(Guid id) => await (await client.GetAsync($"{Url}/{id}")).AssertStatusAsync(200);
}

public sealed record CountyTree(Guid County, List<TownshipTree> Townships)
{
    public IEnumerable<Guid> All => Townships.SelectMany(t => t.Villages.Prepend(t.Id)).Prepend(County);
}

public sealed record TownshipTree(Guid Id, List<Guid> Villages);
