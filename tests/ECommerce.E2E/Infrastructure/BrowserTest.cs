namespace ECommerce.E2E.Infrastructure;

/// <summary>
/// The base of a browser test: every test gets a fresh browser context (no cookies, no storage) and a
/// page whose relative URLs (<c>Page.GotoAsync("/cart")</c>) go to the shop.
/// </summary>
public abstract class BrowserTest(ShopServer shop) : IAsyncLifetime
{
    protected ShopServer Shop { get; } = shop;

    protected IBrowserContext Context { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    /// <summary>How the test's context is made: a class may turn JavaScript off, for one.</summary>
    protected virtual BrowserNewContextOptions ContextOptions => new();

    public async Task InitializeAsync()
    {
        Context = await Shop.NewContextAsync(ContextOptions);
        Page = await Context.NewPageAsync();
    }

    public async Task DisposeAsync() => await Context.CloseAsync();
}
