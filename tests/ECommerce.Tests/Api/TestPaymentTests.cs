using System.Net;
using System.Net.Http.Json;
using ECommerce.Core.Ordering;
using ECommerce.Tests.Infrastructure;

namespace ECommerce.Tests.Api;

/// <summary>The offline mode of a shop without a Stripe key: test cards through /api/test-payments/confirm.</summary>
[Trait(Providers.Trait, "Sqlite")]
public sealed class TestPaymentTests(OfflineSqliteShop shop) : IClassFixture<OfflineSqliteShop>
{
    private const int Stock = 10;
    private const int Quantity = 3;

    [Fact]
    public async Task Checkout_gives_a_test_payment_intent_and_its_client_secret_without_calling_Stripe()
    {
        var (_, _, order) = await PlaceOrderAsync();

        order.PaymentIntentId.ShouldStartWith("pi_test_");
        order.ClientSecret.ShouldStartWith($"{order.PaymentIntentId}_secret_");
        shop.Stripe.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_succeeding_test_card_pays_the_order_and_sells_the_stock()
    {
        var (customer, productId, order) = await PlaceOrderAsync();

        var response = await ConfirmAsync(customer, order.PaymentIntentId, "4242 4242 4242 4242");

        var paid = await response.ShouldBeOkAsync<OrderView>();
        (paid.Id, paid.Status).ShouldBe((order.OrderId, "paid"));
        paid.PaidAt.ShouldNotBeNull();
        (await OrderAsync(customer, order)).Status.ShouldBe("paid");
        var product = await shop.ProductAsync(productId);
        (product.OnHand, product.Reserved).ShouldBe((Stock - Quantity, 0));
    }

    [Fact]
    public async Task The_declining_test_card_leaves_the_order_pending_with_the_payment_error()
    {
        var (customer, productId, order) = await PlaceOrderAsync();

        var response = await ConfirmAsync(customer, order.PaymentIntentId, "4000 0000 0000 0002");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var declined = await OrderAsync(customer, order);
        declined.Status.ShouldBe("pending");
        declined.LastPaymentError.ShouldNotBeNullOrWhiteSpace();
        var product = await shop.ProductAsync(productId);
        (product.OnHand, product.Reserved).ShouldBe((Stock, Quantity));
    }

    [Fact]
    public async Task After_a_declined_card_the_succeeding_card_still_pays()
    {
        var (customer, _, order) = await PlaceOrderAsync();
        (await ConfirmAsync(customer, order.PaymentIntentId, "4000000000000002")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await ConfirmAsync(customer, order.PaymentIntentId, "4242424242424242")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var paid = await OrderAsync(customer, order);
        paid.Status.ShouldBe("paid");
        paid.LastPaymentError.ShouldBeNull();
    }

    [Fact]
    public async Task Another_card_is_400_naming_the_card_number()
    {
        var (customer, _, order) = await PlaceOrderAsync();

        var response = await ConfirmAsync(customer, order.PaymentIntentId, "5555 5555 5555 4444");

        await response.ShouldBeValidationProblemAsync("card_number");
        (await OrderAsync(customer, order)).Status.ShouldBe("pending");
    }

    [Fact]
    public async Task Someone_elses_payment_intent_is_404_and_stays_unpaid()
    {
        var (owner, _, order) = await PlaceOrderAsync();
        var stranger = await shop.SignedInAsync();

        var response = await ConfirmAsync(stranger, order.PaymentIntentId, "4242424242424242");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await OrderAsync(owner, order)).Status.ShouldBe("pending");
    }

    [Fact]
    public async Task Confirming_without_a_token_is_401()
    {
        var (customer, _, order) = await PlaceOrderAsync();

        var response = await ConfirmAsync(shop.Anonymous(), order.PaymentIntentId, "4242424242424242");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await OrderAsync(customer, order)).Status.ShouldBe("pending");
    }

    [Fact]
    public async Task Confirming_a_paid_order_again_is_409_and_sells_nothing_more()
    {
        var (customer, productId, order) = await PlaceOrderAsync();
        (await ConfirmAsync(customer, order.PaymentIntentId, "4242424242424242")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var again = await ConfirmAsync(customer, order.PaymentIntentId, "4242424242424242");

        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await shop.ProductAsync(productId)).OnHand.ShouldBe(Stock - Quantity);
    }

    [Fact]
    public async Task Cancel_works_offline_and_releases_the_stock()
    {
        var (customer, productId, order) = await PlaceOrderAsync();

        var response = await customer.PostAsync($"/api/orders/{order.OrderId}/cancel", null);

        (await response.ShouldBeOkAsync<OrderView>()).Status.ShouldBe("canceled");
        var product = await shop.ProductAsync(productId);
        (product.OnHand, product.Reserved).ShouldBe((Stock, 0));
        (await ConfirmAsync(customer, order.PaymentIntentId, "4242424242424242")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Admin_refund_works_offline()
    {
        var (customer, _, order) = await PlaceOrderAsync();
        (await ConfirmAsync(customer, order.PaymentIntentId, "4242424242424242")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var admin = await shop.AdminAsync();

        var response = await admin.PostAsync($"/api/admin/orders/{order.OrderId}/refund", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await OrderAsync(customer, order)).Status.ShouldBe("refunded");
    }

    private async Task<(HttpClient Customer, int ProductId, CheckoutView Order)> PlaceOrderAsync()
    {
        var product = await shop.CreateProductAsync(stock: Stock);
        var customer = await shop.SignedInAsync();
        return (customer, product.Id, await customer.CheckOutAsync(product.Id, Quantity));
    }

    private static Task<HttpResponseMessage> ConfirmAsync(HttpClient customer, string paymentIntentId, string cardNumber) =>
        customer.PostAsJsonAsync("/api/test-payments/confirm", new { payment_intent_id = paymentIntentId, card_number = cardNumber });

    private static async Task<OrderView> OrderAsync(HttpClient customer, CheckoutView order) =>
        (await customer.GetFromJsonAsync<OrderView>($"/api/orders/{order.OrderId}", ShopFixture.Json))!;
}
