using Party.Branches.Domain.OrgUnits;

namespace Party.Branches.Domain.Ratings;

public sealed record RatingDimension(string Key, string Name, decimal MaxPoints);

/// <summary>Five scoring dimensions per domain (评星模板); rural villages use the five goods (五好), 20 points each.</summary>
public sealed class RatingTemplate
{
    public Guid Id { get; set; }
    public OrgDomain Domain { get; set; }
    /// <summary>First rating year the template applies to; the latest one not after the year is used.</summary>
    public int EffectiveYear { get; set; }
    public List<RatingDimension> Dimensions { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }

    public const int DimensionCount = 5;

    public static IEnumerable<(string Field, string Message)> Problems(IReadOnlyList<RatingDimension>? dimensions)
    {
        if (dimensions is null || dimensions.Count != DimensionCount)
        {
            yield return ("dimensions", "评星模板必须恰好有 5 个维度。");
            yield break;
        }
        if (dimensions.Any(d => string.IsNullOrWhiteSpace(d.Key) || string.IsNullOrWhiteSpace(d.Name)))
            yield return ("dimensions", "每个维度都要有代码和名称。");
        if (dimensions.Select(d => d.Key).Distinct().Count() != DimensionCount) yield return ("dimensions", "维度代码不能重复。");
        if (dimensions.Any(d => d.MaxPoints <= 0)) yield return ("dimensions", "每个维度的满分必须大于 0。");
        if (dimensions.Sum(d => d.MaxPoints) != 100) yield return ("dimensions", "五个维度满分合计必须为 100 分。");
    }

    /// <summary>Checks a score sheet against the template and returns its total.</summary>
    public decimal Total(IReadOnlyDictionary<string, decimal>? scores, string field)
    {
        var errors = new Dictionary<string, string[]>();
        if (scores is null) errors[field] = ["请按模板的五个维度逐项打分。"];
        else
        {
            foreach (var d in Dimensions)
            {
                if (!scores.TryGetValue(d.Key, out var v)) errors[$"{field}.{d.Key}"] = [$"缺少“{d.Name}”的得分。"];
                else if (v < 0 || v > d.MaxPoints) errors[$"{field}.{d.Key}"] = [$"“{d.Name}”的得分须在 0–{d.MaxPoints:0.##} 之间。"];
                else if (decimal.Round(v, 1) != v) errors[$"{field}.{d.Key}"] = [$"“{d.Name}”的得分最多保留 1 位小数。"];
            }
            foreach (var extra in scores.Keys.Where(k => Dimensions.All(d => d.Key != k)))
                errors[$"{field}.{extra}"] = [$"模板中没有维度“{extra}”。"];
        }
        if (errors.Count > 0) throw Party.ServiceDefaults.Problems.DomainException.Validation(errors);
        return Dimensions.Sum(d => scores![d.Key]);
    }

    /// <summary>Built-in templates (effective from 2000) so a county can rate before configuring its own.</summary>
    public static IEnumerable<RatingTemplate> Defaults()
    {
        RatingTemplate T(int n, OrgDomain domain, params (string Key, string Name)[] dims) => new()
        {
            Id = new Guid($"0b5e0001-0000-7000-8000-{n:D12}"), Domain = domain, EffectiveYear = 2000,
            Dimensions = dims.Select(d => new RatingDimension(d.Key, d.Name, 20)).ToList(),
            CreatedAt = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero),
        };
        yield return T(1, OrgDomain.RuralVillage,
            ("strongLeadership", "班子建设好"), ("membersRole", "党员作用发挥好"), ("collectiveEconomy", "集体经济发展好"),
            ("livelihood", "民生实事办得好"), ("villageGovernance", "乡村治理好"));
        (string, string)[] common =
        [
            ("organization", "组织建设好"), ("membersRole", "党员作用发挥好"), ("system", "制度落实好"),
            ("service", "服务群众好"), ("centralWork", "围绕中心工作好"),
        ];
        var n = 2;
        foreach (var domain in Enum.GetValues<OrgDomain>().Where(d => d != OrgDomain.RuralVillage)) yield return T(n++, domain, common);
    }
}
