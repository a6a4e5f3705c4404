using System.Collections.Concurrent;

namespace Party.Portal.Api;

/// <summary>
/// Names for the ids a page of a list carries (the list APIs answer ids only), fetched once per id for the life of the
/// page; an id out of the user's scope shows as 未知. The ids of a page are asked for at once (up to
/// <see cref="MaxParallel"/>, a page of 20 rows in one round trip): one after another they were most of a page's time.
/// </summary>
public abstract class NameLookup(Func<Guid, CancellationToken, Task<string>> fetch)
{
    /// <summary>Look-ups in flight at once: a default page's rows in one round, a page of 100 in five.</summary>
    public const int MaxParallel = 20;

    private readonly ConcurrentDictionary<Guid, string> _names = new();

    public string this[Guid id] => _names.TryGetValue(id, out var name) ? name : "";

    public virtual Task LoadAsync(IEnumerable<Guid> ids, CancellationToken ct = default) => FetchEachAsync(Missing(ids), ct);

    /// <summary>The ids not yet named, each once.</summary>
    protected List<Guid> Missing(IEnumerable<Guid> ids) => ids.Distinct().Where(id => !_names.ContainsKey(id)).ToList();

    protected bool Knows(Guid id) => _names.ContainsKey(id);

    /// <summary>A name a list answered (a batch read), so the id needs no look-up of its own.</summary>
    protected void Remember(Guid id, string name) => _names[id] = name;

    /// <summary>Each id by its own look-up, all at once.</summary>
    protected async Task FetchEachAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = MaxParallel, CancellationToken = ct },
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

/// <summary>
/// Member names for a page of points entries, appeals, pledges or meetings. Rows of one branch are named by that branch's
/// member list in one call (a branch secretary's page is one branch: one call instead of twenty), the few others one by one.
/// </summary>
public sealed class MemberNames(GatewayApi api)
    : NameLookup(async (id, ct) => (await api.GetAsync<MemberSummary>($"api/members/members/{id}", ct)).Name)
{
    /// <summary>From this many unnamed members of one branch on a page, its member list is cheaper than their look-ups.</summary>
    public const int BranchListFrom = 4;

    private readonly ConcurrentDictionary<Guid, Task> _branches = new();

    /// <summary>Names for rows that carry the member and the member's branch.</summary>
    public async Task LoadAsync(IEnumerable<(Guid Member, Guid Branch)> rows, CancellationToken ct = default)
    {
        var missing = rows.DistinctBy(r => r.Member).Where(r => !Knows(r.Member)).ToList();
        if (missing.Count == 0) return;
        var byBranch = missing.GroupBy(r => r.Branch).ToList();
        var listed = byBranch.Where(g => g.Count() >= BranchListFrom).Select(g => g.Key);
        var single = byBranch.Where(g => g.Count() < BranchListFrom).SelectMany(g => g.Select(r => r.Member)).ToList();
        await Task.WhenAll(listed.Select(branch => ListBranchAsync(branch, ct)).Append(FetchEachAsync(single, ct)));
        // A member the branch list did not answer (moved to another branch, or a branch of more than a page) by its own look-up.
        await FetchEachAsync(missing.Select(r => r.Member).Where(id => !Knows(id)).ToList(), ct);
    }

    /// <summary>
    /// Names every member of a branch (its first 200) by its member list, once for the life of the page; a page may start it
    /// while it reads its own rows. A branch that cannot be listed (out of scope) leaves its members to their own look-ups.
    /// </summary>
    public Task ListBranchAsync(Guid branch, CancellationToken ct = default)
    {
        // A read cancelled with its page (the table asked again) is read again when next asked for.
        if (_branches.TryGetValue(branch, out var earlier) && (earlier.IsCanceled || earlier.IsFaulted))
            _branches.TryRemove(new KeyValuePair<Guid, Task>(branch, earlier));
        return _branches.GetOrAdd(branch, b => ReadBranchAsync(b, ct));
    }

    private async Task ReadBranchAsync(Guid branch, CancellationToken ct)
    {
        try
        {
            var page = await api.GetAsync<PageOf<MemberSummary>>($"api/members/members?branchId={branch}&pageSize=200", ct);
            foreach (var member in page.Items) Remember(member.Id, member.Name);
        }
        catch (ApiProblem p) when (!p.IsSessionExpired)
        {
            // Not listed: the members are looked up one by one.
        }
    }
}

/// <summary>
/// Cadre names for a page of leave requests or spot checks: the office's cadres are a few dozen (a county's a few hundred),
/// so one read of its cadre list names them all; a cadre the list does not answer is looked up by itself.
/// </summary>
public sealed class CadreNames(GatewayApi api)
    : NameLookup(async (id, ct) => (await api.GetAsync<CadreProfile>($"api/resident-cadres/cadres/{id}", ct)).Name)
{
    private Task? _list;

    public override async Task LoadAsync(IEnumerable<Guid> ids, CancellationToken ct = default)
    {
        var missing = Missing(ids);
        if (missing.Count == 0) return;
        await ListAsync(ct);
        await FetchEachAsync(missing.Where(id => !Knows(id)).ToList(), ct);
    }

    /// <summary>Names the office's cadres by its cadre list, once for the life of the page; a page may start it early.</summary>
    public Task ListAsync(CancellationToken ct = default)
    {
        // A read cancelled with its page (the table asked again) is read again when next asked for.
        if (_list is null || _list.IsCanceled || _list.IsFaulted) _list = ReadListAsync(ct);
        return _list;
    }

    private async Task ReadListAsync(CancellationToken ct)
    {
        try
        {
            foreach (var cadre in await api.AllAsync<CadreListItem>("api/resident-cadres/cadres", ct)) Remember(cadre.Id, cadre.Name);
        }
        catch (ApiProblem p) when (!p.IsSessionExpired)
        {
            // The list was refused: each cadre by its own look-up.
        }
    }
}
