using System.Collections.Concurrent;

namespace Party.Portal.Api;

/// <summary>
/// Names for the ids a page of a list carries (the list APIs answer ids only), fetched once per id for the life of the
/// page, at most 4 at a time; an id out of the user's scope shows as 未知.
/// </summary>
public abstract class NameLookup(Func<Guid, CancellationToken, Task<string>> fetch)
{
    private readonly ConcurrentDictionary<Guid, string> _names = new();

    public string this[Guid id] => _names.TryGetValue(id, out var name) ? name : "";

    public async Task LoadAsync(IEnumerable<Guid> ids, CancellationToken ct = default)
    {
        await Parallel.ForEachAsync(ids.Distinct().Where(id => !_names.ContainsKey(id)),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (id, token) =>
            {
                try
                {
                    _names[id] = await fetch(id, token);
                }
                catch (ApiProblem p) when (p.IsNotFound)
                {
                    _names[id] = "未知";
                }
            });
    }
}

/// <summary>Member names for a page of points entries.</summary>
public sealed class MemberNames(GatewayApi api)
    : NameLookup(async (id, ct) => (await api.GetAsync<MemberSummary>($"api/members/members/{id}", ct)).Name);

/// <summary>Cadre names for a page of leave requests.</summary>
public sealed class CadreNames(GatewayApi api)
    : NameLookup(async (id, ct) => (await api.GetAsync<CadreProfile>($"api/resident-cadres/cadres/{id}", ct)).Name);
