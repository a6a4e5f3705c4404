using Microsoft.EntityFrameworkCore;
using Npgsql;
using Party.Members.Apis;
using Party.Members.Data;
using Party.Members.Domain.Points;
using Party.Persistence.Audit;
using Party.ServiceDefaults;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Problems;
using Party.ServiceDefaults.Scope;

namespace Party.Members.Application;

/// <summary>
/// The county's points rules (with effective dates), its templates of points items, and the scheme each branch adopts from them.
/// </summary>
public static class PointsSchemes
{
    public static async Task<PointsRules> CreateRulesAsync(MembersServices services, CreateRulesRequest r, CancellationToken ct)
    {
        ApiSupport.RequireCounty(services.User, "设定积分规则");
        // A new rule set states every value: nothing is silently taken over from the rules in force.
        var given = new Validator();
        foreach (var (value, field) in new (object? Value, string Field)[]
        {
            (r.EffectiveFrom, "effectiveFrom"), (r.ExcellentMin, "excellentMin"), (r.QualifiedMin, "qualifiedMin"),
            (r.BasicallyQualifiedMin, "basicallyQualifiedMin"),
            (r.AppealDays, "appealDays"), (r.EntryGraceDays, "entryGraceDays"), (r.AbsenceDeduction, "absenceDeduction"),
            (r.HonorCounty, "honorCounty"),
            (r.HonorCity, "honorCity"), (r.HonorProvince, "honorProvince"), (r.HonorNational, "honorNational"),
            (r.WarningDeduction, "warningDeduction"),
            (r.SeriousWarningDeduction, "seriousWarningDeduction"), (r.ActivistPriorityMin, "activistPriorityMin"),
            (r.ExcellentQuotaRounding, "excellentQuotaRounding"), (r.ExcellentQuotaMinimum, "excellentQuotaMinimum"),
        })
            given.Check(value is not null, field, "新积分规则须写明此项取值。");
        given.Check(r.NoExcellentCap == true || r.ExcellentShareCap is not null, "excellentShareCap",
            "请填写优秀比例上限（如 0.2），或以 noExcellentCap=true 表示不设上限。")
            .ThrowIfInvalid();
        var rules = new PointsRules
        {
            EffectiveFrom = r.EffectiveFrom!.Value,
            ExcellentMin = r.ExcellentMin!.Value,
            QualifiedMin = r.QualifiedMin!.Value,
            BasicallyQualifiedMin = r.BasicallyQualifiedMin!.Value,
            ExcellentShareCap = r.NoExcellentCap == true ? null : r.ExcellentShareCap,
            AppealDays = r.AppealDays!.Value,
            EntryGraceDays = r.EntryGraceDays!.Value,
            AbsenceDeduction = r.AbsenceDeduction!.Value,
            HonorCounty = r.HonorCounty!.Value,
            HonorCity = r.HonorCity!.Value,
            HonorProvince = r.HonorProvince!.Value,
            HonorNational = r.HonorNational!.Value,
            WarningDeduction = r.WarningDeduction!.Value,
            SeriousWarningDeduction = r.SeriousWarningDeduction!.Value,
            ActivistPriorityMin = r.ActivistPriorityMin!.Value,
            ExcellentQuotaRounding = r.ExcellentQuotaRounding!.Value,
            ExcellentQuotaMinimum = r.ExcellentQuotaMinimum!.Value,
            CreatedAt = services.Clock.GetUtcNow(),
            CreatedBy = services.User.Actor(),
        };
        new Validator()
            .Check(rules.ExcellentMin > rules.QualifiedMin && rules.QualifiedMin > rules.BasicallyQualifiedMin
                && rules.BasicallyQualifiedMin >= 0,
                "thresholds", "等次分数线须满足：优秀 > 合格 > 基本合格 ≥ 0。")
            .Check(rules.ExcellentShareCap is null or > 0 and <= 1, "excellentShareCap", "优秀比例上限须在 0 到 1 之间（如 0.2 表示 20%）。")
            .Check(rules.ExcellentQuotaMinimum is >= 0 and <= 10, "excellentQuotaMinimum", "每个支部至少可评优秀的人数须为 0–10。")
            .Check(rules.AppealDays is >= 1 and <= 60, "appealDays", "申辩期须为 1–60 天。")
            .Check(rules.EntryGraceDays is >= 0 and <= 14, "entryGraceDays", "登记宽限天数须为 0–14 天。")
            .Check(new[] { rules.AbsenceDeduction, rules.HonorCounty, rules.HonorCity, rules.HonorProvince, rules.HonorNational,
                rules.WarningDeduction, rules.SeriousWarningDeduction }.All(v => v >= 0),
                "points", "加扣分值不能为负数。")
            .ThrowIfInvalid();
        if (await services.Db.Set<PointsRules>().AnyAsync(x => x.EffectiveFrom == rules.EffectiveFrom, ct))
            throw DomainException.Conflict("points.rules_exist", $"{rules.EffectiveFrom:yyyy-MM-dd} 起生效的积分规则已存在；请选择另一个生效日期。");
        rules.Id = (await services.Db.Set<PointsRules>().MaxAsync(x => (int?)x.Id, ct) ?? 0) + 1;
        services.Db.Add(rules);
        services.Db.Audit(services.User, rules.CreatedAt, AuditEntities.PointsRules, rules.Id, "/", "created",
            to: $"自 {rules.EffectiveFrom:yyyy-MM-dd} 生效");
        await services.Db.SaveChangesAsync(ct);
        return rules;
    }

    public static async Task<TemplateResponse> CreateTemplateAsync(MembersServices services, CreateTemplateRequest r, CancellationToken ct)
    {
        ApiSupport.RequireCounty(services.User, "制定积分模板");
        var v = new Validator()
            .Check(r.Domain is not null, "domain", "请选择领域。")
            .Check(r.Year is >= 2000 and <= 2100, "year", "年度无效。")
            .Check(!string.IsNullOrWhiteSpace(r.Name) && r.Name.Length <= 200, "name", "模板名称必填，最多 200 字。");
        var items = ValidateItems(r.Items, v);
        v.ThrowIfInvalid();
        if (await services.Db.Set<PointsTemplate>().AnyAsync(t => t.Domain == r.Domain && t.Year == r.Year, ct))
            throw DomainException.Conflict("points.template_exists", $"{r.Year} 年该领域的积分模板已存在。");
        var t = new PointsTemplate { Id = Guid.CreateVersion7(), Domain = r.Domain!.Value, Year = r.Year!.Value, Name = r.Name!.Trim(),
            Items = items, CreatedAt = services.Clock.GetUtcNow() };
        services.Db.Add(t);
        services.Db.Audit(services.User, t.CreatedAt, AuditEntities.PointsTemplate, t.Id, "/", "created",
            to: $"{t.Year} {t.Domain} {t.Name}");
        try { await services.Db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        { throw DomainException.Conflict("points.template_exists", $"{r.Year} 年该领域的积分模板已存在。"); }
        return ToResponse(t);
    }

    public static async Task<SchemeResponse> AdoptSchemeAsync(MembersServices services, AdoptSchemeRequest r, CancellationToken ct)
    {
        new Validator()
            .Check(r.BranchId is not null, "branchId", "请指定党支部。")
            .Check(r.Year is >= 2000 and <= 2100, "year", "年度无效。")
            .ThrowIfInvalid();
        var branch = await MemberLookup.UnitInScopeAsync(services.Db, services.Scope, r.BranchId!.Value, ct);
        var group = PointsNames.TemplateDomainOf(branch.Domain)
            ?? throw new DomainException("points.domain_unknown", $"该组织的领域（{branch.Domain}）没有对应的积分模板分组。");
        var template = await services.Db.Set<PointsTemplate>().AsNoTracking()
            .FirstOrDefaultAsync(t => t.Domain == group && t.Year == r.Year, ct)
            ?? throw new DomainException("points.template_missing", $"县委组织部尚未制定 {r.Year} 年本领域的积分模板，请联系县委组织部。");
        var v = new Validator();
        var unknown = (r.ItemCodes ?? []).Concat((r.Caps ?? []).Select(c => c.Code ?? "")).Where(c => template.Items.All(i => i.Code != c))
            .Distinct().ToList();
        v.Check(unknown.Count == 0, "itemCodes", $"模板中没有这些项目：{string.Join("、", unknown)}。");
        var items = template.Items
            .Where(i => i.Kind == PointKind.Base || r.ItemCodes is null || r.ItemCodes.Contains(i.Code))
            .Select(i => new PointsItem { Code = i.Code, Name = i.Name, Kind = i.Kind, Points = i.Points, AppliesTo = [.. i.AppliesTo],
                CapPerYear = i.CapPerYear })
            .ToList();
        foreach (var (code, cap) in (r.Caps ?? []).Select(c => (c.Code, c.CapPerYear ?? 0)))
        {
            var item = items.FirstOrDefault(i => i.Code == code);
            if (item is null) continue;
            v.Check(item.Kind is PointKind.Contribution or PointKind.Deduction && cap > 0
                && (item.CapPerYear is null || cap <= item.CapPerYear), $"caps.{code}",
                "年度上限只能对贡献/扣分项目设定，须大于 0 且不超过模板上限。");
            item.CapPerYear = cap;
        }
        v.ThrowIfInvalid();
        var scheme = new PointsScheme
        {
            Id = Guid.CreateVersion7(), BranchId = branch.Id, OrgPath = branch.Path, Year = r.Year!.Value, TemplateId = template.Id,
            Items = items,
            AdoptedAt = services.Clock.GetUtcNow(), AdoptedBy = services.User.Actor(),
        };
        services.Db.Add(scheme);
        services.Db.Audit(services.User, scheme.AdoptedAt, AuditEntities.PointsScheme, scheme.Id, branch.Path, "adopted",
            to: $"{scheme.Year} 年 {items.Count} 个项目");
        try { await services.Db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        { throw DomainException.Conflict("points.scheme_exists", $"该支部 {r.Year} 年的积分方案已经设定。"); }
        return ToResponse(scheme);
    }

    private static List<PointsItem> ValidateItems(List<PointsItemRequest>? items, Validator v)
    {
        v.Check(items is { Count: > 0 }, "items", "模板至少要有一个积分项目。");
        if (items is null) return [];
        var result = new List<PointsItem>();
        for (var i = 0; i < items.Count; i++)
        {
            var it = items[i];
            var f = $"items[{i}]";
            v.Check(!string.IsNullOrWhiteSpace(it.Code) && it.Code.Length <= 50, f + ".code", "项目代码必填，最多 50 字。")
             .Check(!string.IsNullOrWhiteSpace(it.Name) && it.Name.Length <= 200, f + ".name", "项目名称必填，最多 200 字。")
             .Check(it.Kind is not null, f + ".kind", "请选择项目类别：基础、贡献、扣分或一票否决。")
             .Check(it.Kind == PointKind.Veto ? it.Points is null or 0 : it.Points is > 0 and <= 100, f + ".points",
                 "分值须在 0–100 之间且大于 0（一票否决项不设分值）。")
             .Check(it.CapPerYear is null || (it.Kind is PointKind.Contribution or PointKind.Deduction && it.CapPerYear > 0), f
                 + ".capPerYear", "年度上限只用于贡献加分和违规扣分项目，且须大于 0。");
            if (it.Code is not null && it.Name is not null && it.Kind is not null)
                result.Add(new PointsItem { Code = it.Code.Trim(), Name = it.Name.Trim(), Kind = it.Kind.Value, Points = it.Points ?? 0,
                    AppliesTo = it.AppliesTo ?? [], CapPerYear = it.CapPerYear });
        }
        v.Check(result.Select(x => x.Code).Distinct().Count() == result.Count, "items", "项目代码不能重复。");
        var baseTotal = result.Where(x => x.Kind == PointKind.Base).Sum(x => x.Points);
        v.Check(baseTotal == 100, "items", $"基础积分项目合计须为 100 分（当前 {baseTotal} 分）。");
        return result;
    }

    internal static TemplateResponse ToResponse(PointsTemplate t) => new(t.Id, t.Domain, t.Year, t.Name, t.Items);

    internal static SchemeResponse ToResponse(PointsScheme s) => new(s.Id, s.BranchId, s.Year, s.TemplateId, s.Items, s.AdoptedAt);
}
