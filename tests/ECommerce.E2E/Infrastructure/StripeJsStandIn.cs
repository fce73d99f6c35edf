using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ECommerce.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.E2E.Infrastructure;

/// <summary>What became of one <c>payment_intent.succeeded</c> event sent to the app's <c>/webhook</c>.</summary>
/// <param name="StatusCode">The app's answer, or 0 when the request itself failed.</param>
public sealed record WebhookDelivery(string PaymentIntentId, string EventId, int StatusCode, string Answer);

/// <summary>
/// Stripe's browser side, on a local Kestrel port: serves <c>/v3/</c>, a Stripe.js stand-in
/// (stripe-standin.js), and takes its <c>POST /confirm</c>. A confirm marks the PaymentIntent of the
/// <see cref="StripeStandIn"/> succeeded, as Stripe does, and <see cref="WebhookDelay"/> later sends the
/// signed <c>payment_intent.succeeded</c> event to the app, as Stripe's webhook would.
/// </summary>
public sealed class StripeJsStandIn : IAsyncDisposable
{
    public const string DecliningCard = "4000000000000002";
    public const string SucceedingCard = "4242424242424242";

    private static readonly Lazy<string> Script = new(() =>
    {
        using var stream = typeof(StripeJsStandIn).Assembly.GetManifestResourceStream("stripe-standin.js")!;
        return new StreamReader(stream).ReadToEnd();
    });

    private readonly WebApplication _server;
    private readonly StripeStandIn _stripe;
    private readonly string _webhookSecret;
    private readonly HttpClient _http = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<Task> _pending = [];
    private readonly List<WebhookDelivery> _deliveries = [];

    private StripeJsStandIn(WebApplication server, string baseUrl, StripeStandIn stripe, string webhookSecret)
    {
        _server = server;
        BaseUrl = baseUrl;
        _stripe = stripe;
        _webhookSecret = webhookSecret;
    }

    public string BaseUrl { get; }

    /// <summary>The value for the app's <c>Stripe:JsUrl</c>, in place of https://js.stripe.com/v3/.</summary>
    public string ScriptUrl => BaseUrl + "/v3/";

    /// <summary>Where the events go: the app's <c>/webhook</c>, set once the app listens.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>How long after a confirm the event reaches the app: the shopper is back on the shop first.</summary>
    public TimeSpan WebhookDelay { get; set; } = TimeSpan.FromSeconds(2);

    public IReadOnlyList<WebhookDelivery> Deliveries
    {
        get { lock (_gate) { return [.. _deliveries]; } }
    }

    /// <remarks>Started without the caller's execution context, as <see cref="StripeStandIn.StartAsync"/> explains.</remarks>
    public static Task<StripeJsStandIn> StartAsync(StripeStandIn stripe, string webhookSecret)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(async () =>
            {
                var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
                builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
                var server = builder.Build();
                StripeJsStandIn? standIn = null;
                server.Run(context => standIn!.HandleAsync(context));
                await server.StartAsync();
                var address = server.Services.GetRequiredService<IServer>().Features
                    .GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
                standIn = new StripeJsStandIn(server, address.TrimEnd('/'), stripe, webhookSecret);
                return standIn;
            });
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var (request, response) = (context.Request, context.Response);
        response.Headers.AccessControlAllowOrigin = "*";
        switch (request.Method, request.Path.Value)
        {
            case ("GET", "/v3" or "/v3/"):
                response.ContentType = "text/javascript; charset=utf-8";
                await response.WriteAsync(Script.Value);
                break;
            case ("POST", "/confirm"):
                using (var reader = new StreamReader(request.Body))
                {
                    var (status, answer) = Confirm((await reader.ReadToEndAsync()).Trim());
                    response.StatusCode = status;
                    response.ContentType = "application/json";
                    await response.WriteAsync(answer.ToJsonString());
                }

                break;
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private (int Status, JsonObject Answer) Confirm(string clientSecret)
    {
        var id = clientSecret.Split("_secret_")[0];
        var intent = _stripe.FindPaymentIntent(id);
        if (intent is null || intent.ClientSecret != clientSecret)
        {
            return Error(404, "resource_missing", $"No such payment_intent: '{id}'");
        }

        if (intent.Status is "succeeded" or "canceled")
        {
            return Error(400, "payment_intent_unexpected_state",
                $"You cannot confirm this PaymentIntent because it has a status of {intent.Status}.");
        }

        _stripe.MarkSucceeded(id);
        lock (_gate)
        {
            _pending.Add(DeliverLaterAsync(intent));
        }

        return (200, new JsonObject { ["id"] = id, ["object"] = "payment_intent", ["status"] = "succeeded" });
    }

    private async Task DeliverLaterAsync(PaymentIntentState intent)
    {
        var eventId = $"evt_{Guid.NewGuid():N}";
        WebhookDelivery delivery;
        try
        {
            await Task.Delay(WebhookDelay, _stopping.Token);
            var payload = StripeEvents.PaymentIntentEvent(
                "payment_intent.succeeded", eventId, intent.Id, intent.Amount, intent.Currency, "succeeded",
                orderId: intent.Metadata.GetValueOrDefault("order_id"));
            var url = WebhookUrl ?? throw new InvalidOperationException("StripeJsStandIn.WebhookUrl is not set.");
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
            };
            request.Headers.Add("Stripe-Signature", StripeEvents.Sign(payload, _webhookSecret));
            using var response = await _http.SendAsync(request, _stopping.Token);
            delivery = new(intent.Id, eventId, (int)response.StatusCode, await response.Content.ReadAsStringAsync(_stopping.Token));
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            delivery = new(intent.Id, eventId, 0, ex.Message);
        }

        lock (_gate)
        {
            _deliveries.Add(delivery);
        }
    }

    private static (int, JsonObject) Error(int status, string code, string message) =>
        (status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["type"] = "invalid_request_error",
                ["code"] = code,
                ["message"] = message,
            },
        });

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _pending];
        }

        await Task.WhenAll(pending);
        await _server.StopAsync();
        await _server.DisposeAsync();
        _http.Dispose();
        _stopping.Dispose();
    }
}
