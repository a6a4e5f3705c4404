using System.Text.RegularExpressions;

namespace Party.Platform.Tests;

/// <summary>
/// Each service's README (<c>services/&lt;service&gt;/README.md</c>) names the integration events the service publishes and
/// consumes, and the top README's map ("A map for a newcomer") shows every event with its publisher and consumers, so a
/// newcomer can follow an event (SPEC §8, 一次录入) without reading every consumer. The events are the contract records
/// of <c>Party.Contracts</c>; who publishes and who consumes them is read from the source, not from a hand-kept list: a
/// new event, publisher or consumer the READMEs do not show fails here.
/// </summary>
public partial class ServiceReadmeEventsTests
{
    // How an event enters a service's outbox: db.AddEvent(new T …), db.AddEvent(Helper(…)) with a helper of return type T
    // declared in the same file, or set-based SQL that inserts into outbox_messages with the type's full name.
    [GeneratedRegex(@"\.AddEvent\(\s*new\s+(?<type>\w+)\b")]
    private static partial Regex AddEventNew();

    [GeneratedRegex(@"\.AddEvent\(\s*(?<method>\w+)\(")]
    private static partial Regex AddEventHelper();

    [GeneratedRegex(@"'Party\.Contracts\.\w+\.(?<type>\w+)'|typeof\((?<type>\w+)\)\.FullName")]
    private static partial Regex OutboxSqlType();

    // A consumer names the event as a generic argument: InboxConsumer<T, …>, IConsumer<T>, RevokingConsumer<T> …
    [GeneratedRegex(@"\b\w+<(?<type>\w+)\s*[,>]")]
    private static partial Regex GenericArgument();

    // A consumer base class of Party.Persistence (the org-unit and calendar replicas) and the events it implements.
    [GeneratedRegex(@"class\s+(?<name>\w+)<[^>]*>(?:\([^)]*\))?\s*:(?<bases>[^{]*?)(?:\bwhere\b|\{|;)", RegexOptions.Singleline)]
    private static partial Regex ClassDeclaration();

    // IConsumer<T>, or IConsumer<Batch<T>> for a consumer handed its events in batches.
    [GeneratedRegex(@"IConsumer<(?:Batch<)?(?<type>\w+)>")]
    private static partial Regex ConsumerInterface();

    /// <summary>
    /// Every integration event: the public records of Party.Contracts that carry <c>OccurredAt</c> (snapshots and lines
    /// inside an event do not).
    /// </summary>
    private static IReadOnlySet<string> ContractEvents() =>
        typeof(Party.Contracts.Branches.OrgUnitRegistered).Assembly.GetExportedTypes()
            .Where(t => t.Namespace?.StartsWith("Party.Contracts.", StringComparison.Ordinal) == true
                && t.GetProperty("OccurredAt") is not null)
            .Select(t => t.Name)
            .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<(string Service, string File, string Text)> ServiceSources(string root)
    {
        var sep = Path.DirectorySeparatorChar;
        foreach (var serviceDir in Directory.EnumerateDirectories(Path.Combine(root, "services")).Order(StringComparer.Ordinal))
        {
            var service = Path.GetFileName(serviceDir);
            foreach (var file in Directory.EnumerateFiles(serviceDir, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (file.Contains($"{sep}bin{sep}") || file.Contains($"{sep}obj{sep}") || file.Contains($"{sep}Migrations{sep}")) continue;
                yield return (service, file, File.ReadAllText(file));
            }
        }
    }

    private static Dictionary<string, SortedSet<string>> Publishers(string root, IReadOnlySet<string> events)
    {
        var found = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Add(string type, string service)
        {
            if (!events.Contains(type)) return;
            if (!found.TryGetValue(type, out var set)) found[type] = set = new SortedSet<string>(StringComparer.Ordinal);
            set.Add(service);
        }
        foreach (var (service, _, text) in ServiceSources(root))
        {
            foreach (Match m in AddEventNew().Matches(text)) Add(m.Groups["type"].Value, service);
            foreach (Match m in AddEventHelper().Matches(text))
            {
                var helper = new Regex($@"\b(?<type>\w+)\s+{Regex.Escape(m.Groups["method"].Value)}\s*\(");
                foreach (Match d in helper.Matches(text)) Add(d.Groups["type"].Value, service);
            }
            if (text.Contains("outbox_messages", StringComparison.Ordinal))
                foreach (Match m in OutboxSqlType().Matches(text)) Add(m.Groups["type"].Value, service);
        }
        return found;
    }

    private static Dictionary<string, SortedSet<string>> Consumers(string root, IReadOnlySet<string> events)
    {
        // The replica consumers of Party.Persistence, which services derive from without naming the events themselves.
        var bases = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "libs", "Party.Persistence"), "*.cs", SearchOption.AllDirectories))
            foreach (Match c in ClassDeclaration().Matches(File.ReadAllText(file)))
            {
                var handled = ConsumerInterface().Matches(c.Groups["bases"].Value)
                    .Select(m => m.Groups["type"].Value).Where(events.Contains).ToList();
                if (handled.Count > 0) bases[c.Groups["name"].Value] = handled;
            }
        Assert.True(bases.ContainsKey("OrgUnitReplicaConsumer"),
            "the scan no longer finds Party.Persistence's OrgUnitReplicaConsumer: adjust ClassDeclaration");

        var found = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var sep = Path.DirectorySeparatorChar;
        foreach (var (service, file, text) in ServiceSources(root))
        {
            if (!file.Contains($"{sep}Consumers{sep}")) continue;
            var names = GenericArgument().Matches(text).Select(m => m.Groups["type"].Value).Where(events.Contains)
                .Concat(bases.Where(b => Regex.IsMatch(text, $@"\b{b.Key}<")).SelectMany(b => b.Value));
            foreach (var type in names)
            {
                if (!found.TryGetValue(service, out var set)) found[service] = set = new SortedSet<string>(StringComparer.Ordinal);
                set.Add(type);
            }
        }
        return found;
    }

    // A row of the top README's event table: | `Event` [†] | publisher | consumer, consumer |
    [GeneratedRegex(@"^\|\s*`(?<type>\w+)`[^|]*\|\s*(?<publisher>[\w-]+)\s*\|\s*(?<consumers>[\w, -]+?)\s*\|\s*$", RegexOptions.Multiline)]
    private static partial Regex MapTableRow();

    // The events diagram: node declarations (cadres["resident-cadres"]) and labelled edges (a -->|"E1, E2<br/>E3"| b).
    [GeneratedRegex(@"^\s*(?<id>\w+)\[""(?<name>[\w-]+)""\]\s*$", RegexOptions.Multiline)]
    private static partial Regex MapNode();

    [GeneratedRegex(@"^\s*(?<from>\w+)\s*-->\|""(?<label>[^""]*)""\|\s*(?<to>\w+)\s*$", RegexOptions.Multiline)]
    private static partial Regex MapEdge();

    /// <summary>"Event: publisher → consumer" for every pair the source has, as the map draws them.</summary>
    private static SortedSet<string> Triples(
        Dictionary<string, SortedSet<string>> publishers, Dictionary<string, SortedSet<string>> consumers) =>
        new(from p in publishers
            from publisher in p.Value
            from c in consumers
            where c.Value.Contains(p.Key)
            select $"{p.Key}: {publisher} → {c.Key}", StringComparer.Ordinal);

    private static string MapSection(string root)
    {
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var start = readme.IndexOf("\n## A map for a newcomer", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no \"## A map for a newcomer\" section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? readme[start..] : readme[start..end];
    }

    private static void AssertSame(SortedSet<string> source, SortedSet<string> readme, string where)
    {
        var missing = source.Except(readme).ToList();
        var extra = readme.Except(source).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"README.md, {where}:\n  missing (in the source): {string.Join("; ", missing)}\n"
            + $"  not in the source: {string.Join("; ", extra)}");
    }

    private static bool Names(string readme, string type) => Regex.IsMatch(readme, $@"\b{type}\b");

    private static string Readme(string root, string service)
    {
        var path = Path.Combine(root, "services", service, "README.md");
        Assert.True(File.Exists(path), $"services/{service}/README.md is missing");
        return File.ReadAllText(path);
    }

    [Fact]
    public void Every_integration_event_is_named_in_the_readme_of_the_service_that_publishes_it()
    {
        var root = Repository.Root();
        var events = ContractEvents();
        // The contract assembly is read, not an empty one: the first event of SPEC §8 is among them.
        Assert.Contains("OrgUnitRegistered", events);
        var publishers = Publishers(root, events);

        var unpublished = events.Where(e => !publishers.ContainsKey(e)).Order(StringComparer.Ordinal).ToList();
        Assert.True(unpublished.Count == 0,
            "no service publishes these contract events (or the scan does not recognise how it adds them to its outbox): "
            + string.Join(", ", unpublished));

        var missing = publishers
            .SelectMany(p => p.Value.Select(service => (Event: p.Key, Service: service)))
            .Where(x => !Names(Readme(root, x.Service), x.Event))
            .Select(x => $"services/{x.Service}/README.md does not name {x.Event}, which it publishes")
            .ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void Every_consumed_event_is_named_in_the_readme_of_the_service_that_consumes_it()
    {
        var root = Repository.Root();
        var events = ContractEvents();
        var consumers = Consumers(root, events);
        // The scan sees the consumers that exist: honors' revocation by a veto, and members' replica of the org tree.
        Assert.Contains("MemberVetoed", consumers.GetValueOrDefault("honors") ?? []);
        Assert.Contains("OrgUnitRegistered", consumers.GetValueOrDefault("members") ?? []);

        var missing = consumers
            .SelectMany(c => c.Value.Select(type => (Service: c.Key, Event: type)))
            .Where(x => !Names(Readme(root, x.Service), x.Event))
            .Select(x => $"services/{x.Service}/README.md does not name {x.Event}, which it consumes")
            .ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void The_top_readme_map_shows_every_event_with_its_publisher_and_consumers()
    {
        var root = Repository.Root();
        var events = ContractEvents();
        var expected = Triples(Publishers(root, events), Consumers(root, events));
        Assert.Contains("BranchMeetingHeld: branches → members", expected);
        var map = MapSection(root);

        // The table: one row per event, its publisher and every consumer.
        var rows = MapTableRow().Matches(map).Where(m => events.Contains(m.Groups["type"].Value)).ToList();
        var listed = rows.Select(m => m.Groups["type"].Value).ToList();
        Assert.True(listed.Count == listed.Distinct().Count(), "an event has two rows in the map's table");
        Assert.Empty(events.Except(listed).Order(StringComparer.Ordinal));
        var table = new SortedSet<string>(
            from m in rows
            from consumer in m.Groups["consumers"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            select $"{m.Groups["type"].Value}: {m.Groups["publisher"].Value} → {consumer}", StringComparer.Ordinal);
        AssertSame(expected, table, "the map's event table");

        // The events diagram: the same publisher → consumer pairs, each edge labelled with its events.
        var nodes = MapNode().Matches(map).ToDictionary(m => m.Groups["id"].Value, m => m.Groups["name"].Value, StringComparer.Ordinal);
        var diagram = new SortedSet<string>(
            from m in MapEdge().Matches(map)
            where nodes.ContainsKey(m.Groups["from"].Value) && nodes.ContainsKey(m.Groups["to"].Value)
            from type in m.Groups["label"].Value.Split([",", "<br/>"],
                StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            select $"{type}: {nodes[m.Groups["from"].Value]} → {nodes[m.Groups["to"].Value]}", StringComparer.Ordinal);
        AssertSame(expected, diagram, "the map's events diagram");
    }
}
