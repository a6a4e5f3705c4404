using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Party.Members.Domain.CareCards;
using Party.Persistence.OrgUnits;

namespace Party.Members.Data.Configurations.CareCards;

public sealed class CareCardSettingsConfiguration : IEntityTypeConfiguration<CareCardSettings>
{
    public void Configure(EntityTypeBuilder<CareCardSettings> e)
    {
        e.ToTable("care_card_settings");
        e.HasKey(x => x.Id);
        e.HasIndex(x => x.EffectiveFrom).IsUnique();
        e.HasData(CareCardSettings.Defaults());
    }
}

public sealed class CareCardConfiguration : IEntityTypeConfiguration<CareCard>
{
    public void Configure(EntityTypeBuilder<CareCard> e)
    {
        e.ToTable("care_cards", t => t.HasCheckConstraint("ck_care_cards_balance_not_negative", "balance >= 0"));
        e.HasKey(x => x.Id);
        e.HasOrgPath();
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Reason).HasMaxLength(500);
        e.Property(x => x.ApprovedBy).HasMaxLength(200);
        e.HasIndex(x => new { x.MemberId, x.Year }).IsUnique();
        e.HasIndex(x => new { x.Year, x.Status });
    }
}

public sealed class StoreItemConfiguration : IEntityTypeConfiguration<StoreItem>
{
    public void Configure(EntityTypeBuilder<StoreItem> e)
    {
        e.ToTable("store_items", t => t.HasCheckConstraint("ck_store_items_stock_not_negative", "stock >= 0"));
        e.HasKey(x => x.Id);
        e.HasOrgPath();
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.RowVersion).IsRowVersion();
    }
}

public sealed class RedemptionConfiguration : IEntityTypeConfiguration<Redemption>
{
    public void Configure(EntityTypeBuilder<Redemption> e)
    {
        e.ToTable("care_card_redemptions");
        e.HasKey(x => x.Id);
        e.Property(x => x.ItemName).HasMaxLength(200);
        e.Property(x => x.ClientKey).HasMaxLength(100);
        e.HasOrgPath();
        e.Property(x => x.CreatedBy).HasMaxLength(200);
        e.HasIndex(x => new { x.CardId, x.ClientKey }).IsUnique();
        e.HasIndex(x => x.ItemId);
    }
}
