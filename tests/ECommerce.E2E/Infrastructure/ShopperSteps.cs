using System.Globalization;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace ECommerce.E2E.Infrastructure;

/// <summary>
/// Steps a shopper takes on the pages, by the roles and names of the storefront's contract, shared by the
/// journeys. Each starts on the page it names and ends on a state it waited for.
/// </summary>
public static partial class ShopperSteps
{
    public const string SucceedingTestCard = "4242 4242 4242 4242";

    /// <summary>On the sign-in page: fills the form and submits it (where it leads is the caller's to wait for).</summary>
    public static async Task SignInAsync(this IPage page, string username, string password)
    {
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>On a product's page: puts <paramref name="quantity"/> of it in the cart and waits for the page to say so.</summary>
    public static async Task AddToCartAsync(this IPage page, string productName, int quantity)
    {
        await page.GetByRole(AriaRole.Spinbutton, new() { Name = "Quantity" }).FillAsync(quantity.ToString(CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Added {quantity} × {productName} to your cart");
    }

    /// <summary>On the checkout page: a shipping address in London.</summary>
    public static async Task EnterAddressAsync(this IPage page, string fullName = "Ada Lovelace")
    {
        await page.GetByLabel("Full name").FillAsync(fullName);
        await page.GetByLabel("Address line 1").FillAsync("12 St James's Square");
        await page.GetByLabel("City").FillAsync("London");
        await page.GetByLabel("Postal code").FillAsync("SW1Y 4JH");
        await page.GetByLabel("Country").SelectOptionAsync(new SelectOptionValue { Label = "United Kingdom" });
    }

    /// <summary>
    /// On the checkout page with the address entered: places the order and waits on its page until it is
    /// pending and its payment step is live. Returns the order's id.
    /// </summary>
    public static async Task<int> PlaceOrderAsync(this IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.WaitForURLAsync(OrderPage());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Order #" })).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("pending");
        return int.Parse(OrderPage().Match(page.Url).Groups["id"].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>On a pending order's page in test mode (no Stripe keys): pays with a test card.</summary>
    public static async Task PayWithTestCardAsync(this IPage page, string cardNumber = SucceedingTestCard)
    {
        await page.GetByLabel("Card number").FillAsync(cardNumber);
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay" }).ClickAsync();
    }

    /// <summary>On a pending order's page: the status turns <c>paid</c> live, and the page no longer offers to pay or cancel.</summary>
    public static async Task ShouldBePaidWithoutReloadAsync(this IPage page)
    {
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("paid", new() { Timeout = 20_000 });
        await Expect(page.GetByText("Thank you for your order!")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pay" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel order" })).ToHaveCountAsync(0);
        await page.ShouldHaveNoSeriousViolationsAsync();
    }

    [GeneratedRegex(@"/orders/(?<id>\d+)$")]
    private static partial Regex OrderPage();
}
