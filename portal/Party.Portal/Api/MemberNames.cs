using System.Collections.Concurrent;

namespace Party.Portal.Api;

/// <summary>
/// Names for the member ids a page of points entries carries (the entries API answers ids only), fetched once per id
/// for the life of the page, in parallel; a member out of scope shows as 未知.
/// </summary>
public sealed class MemberNames(GatewayApi api)
{
    private readonly ConcurrentDictionary<Guid, string> _names = new();

    public string this[Guid id] => _names.TryGetValue(id, out var name) ? name : "";

    public async Task LoadAsync(IEnumerable<Guid> ids, CancellationToken ct = default)
    {
        await Parallel.ForEachAsync(ids.Distinct().Where(id => !_names.ContainsKey(id)), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (id, token) =>
            {
                try
                {
                    _names[id] = (await api.GetAsync<MemberSummary>($"api/members/members/{id}", token)).Name;
                }
                catch (ApiProblem p) when (p.IsNotFound)
                {
                    _names[id] = "未知";
                }
            });
    }
}
