using Deque.AxeCore.Playwright;

namespace ECommerce.E2E.Infrastructure;

public static class Accessibility
{
    /// <summary>
    /// Runs axe-core on the page as it is now and fails on any <c>serious</c> or <c>critical</c>
    /// violation, listing each rule with its help, link and the elements it found.
    /// </summary>
    public static async Task ShouldHaveNoSeriousViolationsAsync(this IPage page)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        if (serious.Count == 0)
        {
            return;
        }

        var report = string.Join(Environment.NewLine, serious.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help} {v.HelpUrl}{Environment.NewLine}"
            + string.Join(Environment.NewLine, v.Nodes.Select(n => $"    {n.Target}: {n.Html}"))));
        throw new Xunit.Sdk.XunitException($"axe found {serious.Count} serious or critical violation(s) on {page.Url}:{Environment.NewLine}{report}");
    }
}
