#nullable enable

using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.Tests.Infrastructure;

/// <summary>One HTTP request received by <see cref="StripeStandIn"/>, in arrival order.</summary>
/// <param name="Method">The HTTP method, e.g. <c>POST</c>.</param>
/// <param name="Path">The request path, e.g. <c>/v1/payment_intents</c> (no query string).</param>
/// <param name="Form">The form-encoded body (empty for a GET), e.g. <c>metadata[order_id]</c> → <c>42</c>.</param>
/// <param name="IdempotencyKey">The <c>Idempotency-Key</c> header, if sent.</param>
/// <remarks>
/// Stripe.net also has a type named <c>Stripe.StripeRequest</c>: code outside this namespace that
/// imports both namespaces and names the type must qualify it.
/// </remarks>
public sealed record StripeRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Form,
    string? IdempotencyKey);

/// <summary>What <see cref="StripeStandIn"/> holds for one PaymentIntent.</summary>
public sealed record PaymentIntentState(
    string Id,
    long Amount,
    string Currency,
    string Status,
    string ClientSecret,
    IReadOnlyDictionary<string, string> Metadata,
    bool AutomaticPaymentMethods,
    long Created,
    long AmountRefunded);

/// <summary>What <see cref="StripeStandIn"/> holds for one Refund.</summary>
public sealed record RefundState(
    string Id,
    string PaymentIntentId,
    long Amount,
    string Currency,
    string Status,
    IReadOnlyDictionary<string, string> Metadata,
    long Created);

/// <summary>
/// Requests that <see cref="StripeStandIn"/> keeps waiting (see <see cref="StripeStandIn.Hold"/>) until the
/// test answers them, as a slow or hung Stripe would; a request whose client gives up is dropped.
/// </summary>
public sealed class StripeHold
{
    private readonly TaskCompletionSource<int?> answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int held;

    internal StripeHold(string path, int count) => (Path, Left) = (path, count);

    /// <summary>The path whose POSTs are held, e.g. <c>/v1/payment_intents</c>.</summary>
    public string Path { get; }

    internal int Left { get; set; }

    /// <summary>How many requests have been held so far.</summary>
    public int Held => Volatile.Read(ref held);

    /// <summary>Completes when the first request is held.</summary>
    public Task Arrived => arrived.Task;

    /// <summary>Lets the held requests (and later ones of this hold) through, to be processed normally.</summary>
    public void Proceed() => answer.TrySetResult(null);

    /// <summary>Answers the held requests (and later ones of this hold) with an error of <paramref name="statusCode"/>.</summary>
    public void Fail(int statusCode) => answer.TrySetResult(statusCode);

    internal async Task<int?> WaitAsync(CancellationToken aborted)
    {
        Interlocked.Increment(ref held);
        arrived.TrySetResult();
        return await answer.Task.WaitAsync(aborted).ConfigureAwait(false);
    }
}

/// <summary>
/// A local HTTP server (Kestrel on <c>http://127.0.0.1:&lt;free port&gt;</c>) that stands in for the
/// Stripe API, so that the real Stripe.net SDK makes real HTTP calls in tests:
/// <code>
/// await using var stripe = await StripeStandIn.StartAsync();
/// var client = new StripeClient(new StripeClientOptions { ApiKey = "sk_test_x", ApiBase = stripe.BaseUrl });
/// </code>
/// It serves <c>POST /v1/payment_intents</c>, <c>GET /v1/payment_intents/{id}</c>,
/// <c>POST /v1/payment_intents/{id}/cancel</c> and <c>POST /v1/refunds</c>, answering JSON and
/// error envelopes in Stripe's format, and replays the first answer to a POST whose
/// <c>Idempotency-Key</c> it has already seen (with the <c>Idempotent-Replayed: true</c> header),
/// as Stripe does; a key reused with another method, path or form answers 400
/// <c>idempotency_error</c>. Every request is recorded in <see cref="Requests"/>.
/// </summary>
/// <remarks>
/// <para>
/// Retries inside Stripe.net 53.1.0: a <see cref="Stripe.StripeClient"/> built from
/// <see cref="Stripe.StripeClientOptions"/> without its own <c>HttpClient</c> gets a
/// <see cref="Stripe.SystemNetHttpClient"/> with <c>MaxNetworkRetries = 2</c>
/// (<see cref="Stripe.SystemNetHttpClient.DefaultMaxNumberRetries"/>); the global
/// <see cref="Stripe.StripeConfiguration.MaxNetworkRetries"/> (also 2 by default) does not apply to
/// such a client, and <see cref="Stripe.StripeClientOptions"/> has no MaxNetworkRetries property.
/// The SDK retries, with the same Idempotency-Key (it generates one for every POST that has none),
/// on a connection failure, on 409 and on any status ≥ 500 (unless the answer carries
/// <c>Stripe-Should-Retry: false</c>), sleeping 0.5 s then 0.75–1 s between tries. So with the
/// defaults one call makes up to 3 requests: <see cref="FailNext"/>(500) with count 1 is absorbed
/// by the SDK (2 requests, the call succeeds), while count ≥ 3 makes the call throw a
/// <see cref="Stripe.StripeException"/> after 3 requests; <see cref="DropConnectionsNext"/> behaves
/// the same way, throwing <see cref="HttpRequestException"/>. To turn retries off, pass
/// <c>HttpClient = new SystemNetHttpClient(maxNetworkRetries: 0)</c> in the options.
/// </para>
/// <para>
/// Injected failures stand for trouble in front of the API: they are not stored under the
/// Idempotency-Key, so the SDK's retry with the same key is processed normally.
/// </para>
/// </remarks>
public sealed class StripeStandIn : IAsyncDisposable
{
    private const string PaymentIntentsPath = "/v1/payment_intents";
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly List<StripeRequest> requests = [];
    private readonly Dictionary<string, PaymentIntentState> paymentIntents = new(StringComparer.Ordinal);
    private readonly List<string> paymentIntentOrder = [];
    private readonly List<RefundState> refunds = [];
    private readonly Dictionary<string, StoredResponse> idempotentResponses = new(StringComparer.Ordinal);
    private int failuresLeft;
    private int failureStatusCode = 500;
    private string failurePath = PaymentIntentsPath;
    private int dropsLeft;
    private bool dropAfterProcessing;
    private readonly List<StripeHold> holds = [];

    private StripeStandIn(WebApplication app, string baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The base URL to give to <c>StripeClientOptions.ApiBase</c>, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>A snapshot of every request received so far, in arrival order.</summary>
    public IReadOnlyList<StripeRequest> Requests
    {
        get { lock (gate) { return [.. requests]; } }
    }

    /// <summary>A snapshot of the PaymentIntents created so far, in creation order.</summary>
    public IReadOnlyCollection<PaymentIntentState> PaymentIntents
    {
        get { lock (gate) { return [.. paymentIntentOrder.Select(id => paymentIntents[id])]; } }
    }

    /// <summary>A snapshot of the Refunds created so far, in creation order.</summary>
    public IReadOnlyCollection<RefundState> Refunds
    {
        get { lock (gate) { return [.. refunds]; } }
    }

    /// <summary>Starts a stand-in on a free loopback port.</summary>
    /// <remarks>
    /// The host is built without the caller's execution context: WebApplicationFactory recognises the
    /// app's host by an AsyncLocal, and a stand-in started from inside one of the app's configuration
    /// callbacks would otherwise be taken for the app (its hooks would run on the stand-in's host).
    /// </remarks>
    public static Task<StripeStandIn> StartAsync()
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(StartCoreAsync);
        }
    }

    private static async Task<StripeStandIn> StartCoreAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();

        StripeStandIn? standIn = null;
        app.Run(context => standIn!.HandleAsync(context));
        await app.StartAsync().ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        standIn = new StripeStandIn(app, address.TrimEnd('/'));
        return standIn;
    }

    /// <summary>The PaymentIntent with this id, or <c>null</c>.</summary>
    public PaymentIntentState? FindPaymentIntent(string id)
    {
        lock (gate)
        {
            return paymentIntents.GetValueOrDefault(id);
        }
    }

    /// <summary>
    /// Sets the PaymentIntent's status to <c>succeeded</c>, as if the customer had paid (a test then
    /// sends the matching signed webhook, see <see cref="StripeEvents"/>).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No PaymentIntent has this id.</exception>
    public void MarkSucceeded(string paymentIntentId) => SetStatus(paymentIntentId, "succeeded");

    /// <summary>Sets the PaymentIntent's status to any Stripe status, e.g. <c>processing</c>.</summary>
    /// <exception cref="KeyNotFoundException">No PaymentIntent has this id.</exception>
    public void SetStatus(string paymentIntentId, string status)
    {
        lock (gate)
        {
            if (!paymentIntents.TryGetValue(paymentIntentId, out var intent))
            {
                throw new KeyNotFoundException($"The Stripe stand-in has no PaymentIntent '{paymentIntentId}'.");
            }

            paymentIntents[paymentIntentId] = intent with { Status = status };
        }
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> POST requests to <paramref name="path"/> (by default
    /// <c>/v1/payment_intents</c>, creation only; <c>/v1/refunds</c> for refunds) answer
    /// <paramref name="statusCode"/> with an <c>api_error</c> body, without creating anything. Mind
    /// the SDK's own retries (see the class remarks).
    /// </summary>
    public void FailNext(int statusCode = 500, int count = 1, string path = PaymentIntentsPath)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (gate)
        {
            failureStatusCode = statusCode;
            failuresLeft = count;
            failurePath = path;
        }
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> POST requests to <c>/v1/payment_intents</c> (creation
    /// only) end with an aborted connection and no answer (<see cref="HttpContext.Abort"/>); the SDK
    /// sees an <see cref="HttpRequestException"/>. By default nothing is created; with
    /// <paramref name="afterProcessing"/> the PaymentIntent is created and its answer stored under
    /// the Idempotency-Key before the connection is dropped, as when a response is lost on its way
    /// back, so a retry with the same key gets the same PaymentIntent.
    /// </summary>
    public void DropConnectionsNext(int count = 1, bool afterProcessing = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (gate)
        {
            dropsLeft = count;
            dropAfterProcessing = afterProcessing;
        }
    }

    /// <summary>
    /// Holds the next <paramref name="count"/> POST requests to <paramref name="path"/> unanswered until the
    /// test calls <see cref="StripeHold.Proceed"/> or <see cref="StripeHold.Fail"/>, or their client gives up
    /// (a Stripe that never answers: then the request is dropped and nothing is created).
    /// </summary>
    public StripeHold Hold(string path = PaymentIntentsPath, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var hold = new StripeHold(path, count);
        lock (gate)
        {
            holds.Add(hold);
        }

        return hold;
    }

    /// <summary>Clears failure injection (<see cref="FailNext"/>, <see cref="DropConnectionsNext"/>, <see cref="Hold"/>).</summary>
    public void Reset()
    {
        lock (gate)
        {
            holds.Clear();
            failuresLeft = 0;
            failureStatusCode = 500;
            failurePath = PaymentIntentsPath;
            dropsLeft = 0;
            dropAfterProcessing = false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var form = request.HasFormContentType
            ? (await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false))
                .ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var idempotencyKey = request.Headers.TryGetValue("Idempotency-Key", out var key) ? key.ToString() : null;
        var received = new StripeRequest(request.Method, request.Path.Value ?? "/", form, idempotencyKey);

        StripeHold? hold;
        lock (gate)
        {
            requests.Add(received);
            hold = holds.FirstOrDefault(h => h.Left > 0 && HttpMethods.IsPost(received.Method) && h.Path == received.Path);
            if (hold is not null)
            {
                hold.Left--;
            }
        }

        if (hold is not null)
        {
            int? failWith;
            try
            {
                failWith = await hold.WaitAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (failWith is { } statusCode)
            {
                var error = Error(statusCode, "api_error", null, "An error occurred with our connection to Stripe (injected by the test stand-in).");
                context.Response.StatusCode = statusCode;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(error.Body, context.RequestAborted).ConfigureAwait(false);
                return;
            }
        }

        var (outcome, response) = Process(received);
        if (outcome == Outcome.Drop)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = "application/json";
        context.Response.Headers["Request-Id"] = "req_" + NewId(14);
        if (outcome == Outcome.Replayed)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
        }

        await context.Response.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private (Outcome Outcome, StoredResponse Response) Process(StripeRequest request)
    {
        var isPost = HttpMethods.IsPost(request.Method);
        lock (gate)
        {
            var dropAfter = false;
            if (isPost && request.Path == PaymentIntentsPath && dropsLeft > 0)
            {
                dropsLeft--;
                if (!dropAfterProcessing)
                {
                    return (Outcome.Drop, default);
                }

                dropAfter = true;
            }
            else if (isPost && request.Path == failurePath && failuresLeft > 0)
            {
                failuresLeft--;
                return (Outcome.Answered, Error(failureStatusCode, "api_error", null,
                    "An error occurred with our connection to Stripe (injected by the test stand-in)."));
            }

            var fingerprint = $"{request.Method} {request.Path}?{string.Join('&',
                request.Form.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"))}";
            if (isPost && request.IdempotencyKey is { } idempotencyKey
                && idempotentResponses.TryGetValue(idempotencyKey, out var stored))
            {
                return stored.Fingerprint == fingerprint
                    ? (dropAfter ? Outcome.Drop : Outcome.Replayed, stored)
                    : (Outcome.Answered, Error(400, "idempotency_error", null,
                        $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{idempotencyKey}' if you meant to execute a different request."));
            }

            var response = Route(request) with { Fingerprint = fingerprint };
            if (isPost && request.IdempotencyKey is { } newKey)
            {
                idempotentResponses[newKey] = response;
            }

            return (dropAfter ? Outcome.Drop : Outcome.Answered, response);
        }
    }

    private StoredResponse Route(StripeRequest request)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var isPost = HttpMethods.IsPost(request.Method);
        var isGet = HttpMethods.IsGet(request.Method);
        return segments switch
        {
            ["v1", "payment_intents"] when isPost => CreatePaymentIntent(request.Form),
            ["v1", "payment_intents", var id] when isGet => RetrievePaymentIntent(id),
            ["v1", "payment_intents", var id, "cancel"] when isPost => CancelPaymentIntent(id),
            ["v1", "refunds"] when isPost => CreateRefund(request.Form),
            _ => Error(404, "invalid_request_error", null,
                $"Unrecognized request URL ({request.Method}: {request.Path}). The Stripe stand-in serves only what the tests need."),
        };
    }

    private StoredResponse CreatePaymentIntent(IReadOnlyDictionary<string, string> form)
    {
        if (RequiredAmount(form, out var amount) is { } amountError)
        {
            return amountError;
        }

        if (!form.TryGetValue("currency", out var currency) || currency.Length == 0)
        {
            return MissingParameter("currency");
        }

        var id = "pi_" + NewId(24);
        var intent = new PaymentIntentState(
            id,
            amount,
            currency.ToLowerInvariant(),
            "requires_payment_method",
            $"{id}_secret_{NewId(25)}",
            Metadata(form),
            form.TryGetValue("automatic_payment_methods[enabled]", out var automatic)
                && bool.TryParse(automatic, out var enabled) && enabled,
            DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            0);
        paymentIntents[id] = intent;
        paymentIntentOrder.Add(id);
        return Ok(ToJson(intent));
    }

    private StoredResponse RetrievePaymentIntent(string id) =>
        paymentIntents.TryGetValue(id, out var intent) ? Ok(ToJson(intent)) : NoSuchPaymentIntent(id, "intent");

    private StoredResponse CancelPaymentIntent(string id)
    {
        if (!paymentIntents.TryGetValue(id, out var intent))
        {
            return NoSuchPaymentIntent(id, "intent");
        }

        if (intent.Status is "succeeded" or "canceled")
        {
            return Error(400, "invalid_request_error", "payment_intent_unexpected_state",
                $"You cannot cancel this PaymentIntent because it has a status of {intent.Status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.",
                paymentIntent: ToJson(intent));
        }

        var canceled = intent with { Status = "canceled" };
        paymentIntents[id] = canceled;
        return Ok(ToJson(canceled));
    }

    private StoredResponse CreateRefund(IReadOnlyDictionary<string, string> form)
    {
        if (!form.TryGetValue("payment_intent", out var paymentIntentId) || paymentIntentId.Length == 0)
        {
            return MissingParameter("payment_intent");
        }

        if (!paymentIntents.TryGetValue(paymentIntentId, out var intent))
        {
            return NoSuchPaymentIntent(paymentIntentId, "payment_intent");
        }

        var amount = intent.Amount - intent.AmountRefunded;
        if (form.ContainsKey("amount") && RequiredAmount(form, out amount) is { } amountError)
        {
            return amountError;
        }

        var refund = new RefundState(
            "re_" + NewId(24),
            intent.Id,
            amount,
            intent.Currency,
            "succeeded",
            Metadata(form),
            DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        refunds.Add(refund);
        paymentIntents[intent.Id] = intent with { AmountRefunded = intent.AmountRefunded + amount };
        return Ok(new JsonObject
        {
            ["id"] = refund.Id,
            ["object"] = "refund",
            ["amount"] = refund.Amount,
            ["charge"] = null,
            ["created"] = refund.Created,
            ["currency"] = refund.Currency,
            ["metadata"] = ToJson(refund.Metadata),
            ["payment_intent"] = refund.PaymentIntentId,
            ["reason"] = null,
            ["status"] = refund.Status,
        });
    }

    private static StoredResponse? RequiredAmount(IReadOnlyDictionary<string, string> form, out long amount)
    {
        amount = 0;
        if (!form.TryGetValue("amount", out var text) || text.Length == 0)
        {
            return MissingParameter("amount");
        }

        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out amount)
            && amount > 0
                ? null
                : Error(400, "invalid_request_error", "parameter_invalid_integer",
                    $"Invalid integer: {text}", param: "amount");
    }

    private static Dictionary<string, string> Metadata(IReadOnlyDictionary<string, string> form) =>
        form.Where(pair => pair.Key.StartsWith("metadata[", StringComparison.Ordinal) && pair.Key.EndsWith(']'))
            .ToDictionary(pair => pair.Key["metadata[".Length..^1], pair => pair.Value, StringComparer.Ordinal);

    private static JsonObject ToJson(PaymentIntentState intent) => new()
    {
        ["id"] = intent.Id,
        ["object"] = "payment_intent",
        ["amount"] = intent.Amount,
        ["amount_capturable"] = 0,
        ["amount_received"] = intent.Status == "succeeded" ? intent.Amount : 0,
        ["automatic_payment_methods"] = intent.AutomaticPaymentMethods ? new JsonObject { ["enabled"] = true } : null,
        ["canceled_at"] = null,
        ["capture_method"] = "automatic",
        ["client_secret"] = intent.ClientSecret,
        ["confirmation_method"] = "automatic",
        ["created"] = intent.Created,
        ["currency"] = intent.Currency,
        ["last_payment_error"] = null,
        ["livemode"] = false,
        ["metadata"] = ToJson(intent.Metadata),
        ["payment_method"] = null,
        ["status"] = intent.Status,
    };

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> metadata)
    {
        var json = new JsonObject();
        foreach (var (name, value) in metadata)
        {
            json[name] = value;
        }

        return json;
    }

    private static StoredResponse Ok(JsonObject body) => new((int)HttpStatusCode.OK, body.ToJsonString());

    private static StoredResponse MissingParameter(string name) =>
        Error(400, "invalid_request_error", "parameter_missing", $"Missing required param: {name}.", param: name);

    private static StoredResponse NoSuchPaymentIntent(string id, string param) =>
        Error(404, "invalid_request_error", "resource_missing", $"No such payment_intent: '{id}'", param: param);

    private static StoredResponse Error(
        int statusCode, string type, string? code, string message, string? param = null, JsonObject? paymentIntent = null)
    {
        var error = new JsonObject { ["type"] = type };
        if (code is not null)
        {
            error["code"] = code;
            error["doc_url"] = $"https://stripe.com/docs/error-codes/{code.Replace('_', '-')}";
        }

        error["message"] = message;
        if (param is not null)
        {
            error["param"] = param;
        }

        if (paymentIntent is not null)
        {
            error["payment_intent"] = paymentIntent;
        }

        return new StoredResponse(statusCode, new JsonObject { ["error"] = error }.ToJsonString());
    }

    private static string NewId(int length) => RandomNumberGenerator.GetString(IdAlphabet, length);

    private enum Outcome
    {
        Answered,
        Replayed,
        Drop,
    }

    private readonly record struct StoredResponse(int StatusCode, string Body, string Fingerprint = "");
}
