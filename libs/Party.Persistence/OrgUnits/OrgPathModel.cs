using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Party.Persistence.OrgUnits;

/// <summary>
/// The org-path column (组织路径) every scoped table carries: the row's place in the org tree, which scope checks read as a
/// prefix (<c>org_path LIKE '/county/township/%'</c>).
/// </summary>
public static class OrgPathModel
{
    public const int MaxLength = 1000;

    /// <summary>
    /// Sets up the entity's <c>OrgPath</c> property: bounded like every path, and, unless <paramref name="indexed"/> is false
    /// (a table read only through another key or a composite index that leads with its own columns), indexed with
    /// <c>text_pattern_ops</c> so a prefix <c>LIKE</c> uses the index under any collation.
    /// </summary>
    public static EntityTypeBuilder<T> HasOrgPath<T>(this EntityTypeBuilder<T> e, bool indexed = true) where T : class
    {
        e.Property<string>("OrgPath").HasMaxLength(MaxLength);
        if (indexed) e.HasIndex("OrgPath").HasOperators("text_pattern_ops");
        return e;
    }
}
