using System.Security.Claims;
using Bunit;
using ECommerce.Core.Payments;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace ECommerce.Tests.Components;

/// <summary>
/// A bUnit context for the shop's interactive components: MudBlazor's services, JavaScript calls answered
/// by default unless a test sets them up, an interactive (Server) renderer and a signed-in shopper.
/// xunit v2 disposes synchronously, so a test class owns one of these and disposes it in its IAsyncLifetime.
/// </summary>
public static class ComponentContext
{
    /// <param name="app">The running app whose singletons of <paramref name="appServices"/> the component gets: the real use cases on the fixture's database.</param>
    public static BunitContext Create(
        int userId, PaymentOptions payments, bool interactive = true, IServiceProvider? app = null, params Type[] appServices)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddLogging();
        context.Services.AddSingleton(Options.Create(payments));
        foreach (var type in appServices)
        {
            context.Services.AddSingleton(type, app!.GetRequiredService(type));
        }

        var authorization = context.AddAuthorization();
        authorization.SetAuthorized($"shopper-{userId}");
        authorization.SetClaims(new Claim("sub", userId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        // Last: it builds the service provider, after which nothing can be registered.
        context.SetRendererInfo(new RendererInfo("Server", interactive));
        return context;
    }
}
