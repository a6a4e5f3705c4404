using System.Collections.Concurrent;

namespace Party.Portal.Api;

/// <summary>Names for the cadre ids a page of leave requests carries (the leaves API answers ids only), fetched once per id.</summary>
public sealed class CadreNames(GatewayApi api)
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
                    _names[id] = (await api.GetAsync<CadreProfile>($"api/resident-cadres/cadres/{id}", token)).Name;
                }
                catch (ApiProblem p) when (p.IsNotFound)
                {
                    _names[id] = "未知";
                }
            });
    }
}
