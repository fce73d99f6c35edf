using ECommerce.E2E.Infrastructure;

namespace ECommerce.E2E.Smoke;

/// <summary>The helper itself, on a page of its own: no shop needed, only the browser.</summary>
public sealed class AccessibilityHelperTests : IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    [Fact]
    public async Task Axe_helper_fails_on_a_critical_violation_naming_the_rule_and_the_element()
    {
        var page = await _chromium.Browser.NewPageAsync();
        await page.SetContentAsync("<html lang=\"en\"><head><title>t</title></head><body><main><img id=\"nameless\" src=\"data:,\"></main></body></html>");

        var failure = await Should.ThrowAsync<Xunit.Sdk.XunitException>(page.ShouldHaveNoSeriousViolationsAsync());

        failure.Message.ShouldContain("image-alt (critical)");
        failure.Message.ShouldContain("#nameless");
    }
}
