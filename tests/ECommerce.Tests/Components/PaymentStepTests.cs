using Bunit;
using ECommerce.Core.Ordering;
using ECommerce.Core.Payments;
using ECommerce.Web.Components.Orders;
using Microsoft.JSInterop;

namespace ECommerce.Tests.Components;

/// <summary>The payment step with Stripe keys: the Payment Element through payment.js, driven by the test's answers to its calls.</summary>
public sealed class PaymentStepTests : IAsyncLifetime
{
    private const string JsUrl = "https://js.stripe.test/v3/";
    private const string PublishableKey = "pk_test_shop";

    /// <summary>Long enough for a busy machine; a passing check returns at once.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly OrderPaymentView Pending = new(42, "pending", 3, 2_500, "usd", "pi_42", "pi_42_secret_abc", null);

    private readonly BunitContext _bunit = ComponentContext.Create(
        userId: 7, new PaymentOptions { SecretKey = "sk_test_shop", PublishableKey = PublishableKey, JsUrl = JsUrl });

    private readonly BunitJSModuleInterop _module;

    private readonly JSRuntimeInvocationHandler _mount;

    public PaymentStepTests()
    {
        _module = _bunit.JSInterop.SetupModule(PaymentStep.ModulePath);
        _mount = _module.SetupVoid("mount", _ => true);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    [Fact]
    public void Pay_is_disabled_while_the_Payment_Element_mounts_with_the_orders_client_secret()
    {
        var step = Render();

        step.Find("button[type=submit]").HasAttribute("disabled").ShouldBeTrue();
        step.Markup.ShouldContain("Loading the payment form");
        var mount = _mount.Invocations.ShouldHaveSingleItem();
        mount.Arguments.Skip(1).ShouldBe([JsUrl, PublishableKey, "pi_42_secret_abc"]);
        mount.Arguments[0].ShouldBeOfType<Microsoft.AspNetCore.Components.ElementReference>();
    }

    [Fact]
    public void Pay_is_enabled_once_the_Payment_Element_is_mounted()
    {
        var step = Render();

        _mount.SetVoidResult();

        step.WaitForAssertion(() => step.Find("button[type=submit]").HasAttribute("disabled").ShouldBeFalse(), Patience);
        step.Find("button[type=submit]").TextContent.ShouldContain("Pay $25.00");
        step.Markup.ShouldNotContain("Loading the payment form");
    }

    [Fact]
    public void Paying_confirms_with_the_order_page_as_return_url_and_disables_Pay_meanwhile()
    {
        var confirm = _module.Setup<string?>("confirm", _ => true);
        var step = ReadyStep();

        step.Find("form").Submit();

        var call = confirm.Invocations.ShouldHaveSingleItem();
        call.Arguments[1].ShouldBe("http://localhost/orders/42");
        step.Find("button[type=submit]").HasAttribute("disabled").ShouldBeTrue();
        step.Find("button[type=submit]").TextContent.ShouldContain("Paying");
    }

    [Fact]
    public void A_declined_card_shows_Stripes_message_as_an_alert_and_lets_the_shopper_try_again()
    {
        var confirm = _module.Setup<string?>("confirm", _ => true);
        var step = ReadyStep();
        step.Find("form").Submit();

        confirm.SetResult("Your card was declined.");

        step.WaitForAssertion(() => step.Find("[role=alert]").TextContent.ShouldBe("Your card was declined."), Patience);
        step.Find("button[type=submit]").HasAttribute("disabled").ShouldBeFalse();
        step.Find("form").Submit();
        confirm.Invocations.Count.ShouldBe(2);
    }

    [Fact]
    public void Stripe_js_that_cannot_load_is_an_alert_and_Pay_stays_disabled()
    {
        var step = Render();

        _mount.SetException(new JSException("Stripe.js could not be loaded from https://js.stripe.test/v3/."));

        step.WaitForAssertion(() => step.Find("[role=alert]").TextContent.ShouldContain("could not be loaded"), Patience);
        step.Find("button[type=submit]").HasAttribute("disabled").ShouldBeTrue();
    }

    private IRenderedComponent<PaymentStep> Render() => _bunit.Render<PaymentStep>(p => p.Add(c => c.Payment, Pending));

    private IRenderedComponent<PaymentStep> ReadyStep()
    {
        var step = Render();
        _mount.SetVoidResult();
        step.WaitForAssertion(() => step.Find("button[type=submit]").HasAttribute("disabled").ShouldBeFalse(), Patience);
        return step;
    }
}
