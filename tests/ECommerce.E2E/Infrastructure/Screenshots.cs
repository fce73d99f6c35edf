namespace ECommerce.E2E.Infrastructure;

public static class Screenshots
{
    private static readonly (string Name, int Width, int Height)[] Viewports = [("desktop", 1280, 800), ("phone", 390, 844)];

    /// <summary>
    /// The folder of the screenshots: env E2E_SCREENSHOTS_DIR when set, else TestResults/screenshots at
    /// the repository's root.
    /// </summary>
    public static string Directory { get; } =
        Environment.GetEnvironmentVariable("E2E_SCREENSHOTS_DIR") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    /// <summary>Saves <c>{name}-desktop.png</c> (1280 wide) and <c>{name}-phone.png</c> (390 wide), full page, then restores the viewport.</summary>
    public static async Task SaveAsync(this IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var original = page.ViewportSize;
        foreach (var (viewport, width, height) in Viewports)
        {
            await page.SetViewportSizeAsync(width, height);
            await page.ScreenshotAsync(new() { Path = Path.Combine(Directory, $"{name}-{viewport}.png"), FullPage = true });
        }

        if (original is not null)
        {
            await page.SetViewportSizeAsync(original.Width, original.Height);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ECommerce.sln")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
