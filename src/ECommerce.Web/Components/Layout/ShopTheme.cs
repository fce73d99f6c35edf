using MudBlazor;

namespace ECommerce.Web.Components.Layout;

/// <summary>The shop's one look: colours with enough contrast for text on them, and the system's fonts (nothing to download).</summary>
public static class ShopTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#283593",
            Secondary = "#00695c",
            AppbarBackground = "#1a237e",
            AppbarText = "#ffffff",
            Background = "#fafafa",
            Success = "#1b5e20",
            Warning = "#8a4b00",
            Error = "#b71c1c",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
    };
}
