using MudBlazor;

namespace Party.Portal.Components.Layout;

/// <summary>One theme: a restrained party red, neutral greys, contrast enough for a projector in a meeting room.</summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#B71C1C",
            AppbarBackground = "#B71C1C",
            Secondary = "#546E7A",
            Background = "#FAFAFA",
            TextPrimary = "#212121",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "sans-serif"],
            },
        },
    };
}
