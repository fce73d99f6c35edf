using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace ECommerce.Tests.Infrastructure;

/// <summary>
/// The test server has no network peer: a request that names one in <see cref="Header"/> comes from that
/// address, as far as the app's pipeline (which runs after this) can tell.
/// </summary>
public sealed class PeerAddressFromHeader : IStartupFilter
{
    public const string Header = "X-Test-Peer-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var peer))
            {
                context.Connection.RemoteIpAddress = peer;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
