using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Party.Members.Domain.Pledges;
using Party.Members.Domain.Points;
using Party.Persistence.OrgUnits;

namespace Party.Members.Data.Configurations.Pledges;

public sealed class PledgeAreaConfiguration : IEntityTypeConfiguration<PledgeArea>
{
    public void Configure(EntityTypeBuilder<PledgeArea> e)
    {
        e.ToTable("pledge_areas");
        e.HasKey(x => x.Id);
        e.Property(x => x.Domain).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.Code).HasMaxLength(50);
        e.Property(x => x.Name).HasMaxLength(100);
        e.HasIndex(x => new { x.Domain, x.Code }).IsUnique();
        // The county's areas by domain, from the points-management document (积分化管理内容).
        var seed = new (TemplateDomain Domain, string[] Names)[]
        {
            (TemplateDomain.RuralCommunity, ["脱贫攻坚", "创业致富", "联系群众", "建设美丽乡村", "维护和谐稳定", "弘扬文明新风"]),
            (TemplateDomain.OrganInstitution, ["提高工作效能", "提升业务能力", "服务基层群众", "坚持清正廉洁"]),
            (TemplateDomain.StateOwnedEnterprise, ["改革创新", "科学管理", "提质增效", "促进企业健康发展"]),
            (TemplateDomain.TwoNew, ["诚信执业", "依法合规经营", "承担社会责任", "提供优质产品和服务"]),
            (TemplateDomain.School, ["改进教育方法", "提高教育质量", "建设和谐校园", "帮助学生树立正确价值观"]),
        };
        var id = 0;
        e.HasData(seed.SelectMany(d => d.Names.Select((n, i) => new PledgeArea { Id = ++id, Domain = d.Domain, Code = $"{d.Domain}-{i + 1}",
            Name = n })));
    }
}

public sealed class PledgeConfiguration : IEntityTypeConfiguration<Pledge>
{
    public void Configure(EntityTypeBuilder<Pledge> e)
    {
        e.ToTable("pledges");
        e.HasKey(x => x.Id);
        e.HasOrgPath();
        e.Property(x => x.Content).HasMaxLength(4000);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Result).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.ResultComment).HasMaxLength(1000);
        e.HasIndex(x => new { x.MemberId, x.Year }).IsUnique();
        e.Property(x => x.RowVersion).IsRowVersion();
    }
}

public sealed class PledgeReviewConfiguration : IEntityTypeConfiguration<PledgeReview>
{
    public void Configure(EntityTypeBuilder<PledgeReview> e)
    {
        e.ToTable("pledge_reviews");
        e.HasKey(x => x.Id);
        e.Property(x => x.Comments).HasMaxLength(2000);
        e.Property(x => x.ReviewedBy).HasMaxLength(200);
        e.HasIndex(x => x.PledgeId);
    }
}

public sealed class PledgeReportConfiguration : IEntityTypeConfiguration<PledgeReport>
{
    public void Configure(EntityTypeBuilder<PledgeReport> e)
    {
        e.ToTable("pledge_reports");
        e.HasKey(x => x.Id);
        e.Property(x => x.Content).HasMaxLength(4000);
        e.HasIndex(x => new { x.PledgeId, x.Quarter }).IsUnique();
    }
}
