namespace ECommerce.E2E.Infrastructure;

public static class Interactivity
{
    /// <summary>
    /// Waits until an interactive island of the page has its circuit: the pages render
    /// <c>data-interactive="@RendererInfo.IsInteractive"</c>, an attribute Blazor leaves out while it is
    /// false. A click sent before that is lost.
    /// </summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("[data-interactive]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
}
