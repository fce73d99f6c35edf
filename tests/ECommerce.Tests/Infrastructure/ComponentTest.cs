using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ECommerce.Tests.Infrastructure;

/// <summary>
/// A bUnit context for the shop's components: MudBlazor's services, JavaScript calls answered loosely
/// (MudBlazor makes some), and an antiforgery token for components that render forms. xunit v2 disposes
/// it asynchronously, as MudBlazor's services require.
/// </summary>
public abstract class ComponentTest : IAsyncLifetime
{
    protected BunitContext Context { get; } = new();

    public Task InitializeAsync()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddSingleton<AntiforgeryStateProvider, FixedAntiforgery>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Context.DisposeAsync();

    private sealed class FixedAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken GetAntiforgeryToken() => new("test-token", "__RequestVerificationToken");
    }
}
