using System.Net;
using System.Net.Http.Json;
using ECommerce.Core.Accounts;
using ECommerce.Core.Cart;
using ECommerce.Tests.Api;
using ECommerce.Tests.Infrastructure;
using ECommerce.Web.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.Tests.Pages;

/// <summary>Registration, sign-in and sign-out in a browser without JavaScript, on the accounts the API shares.</summary>
[Trait(Providers.Trait, "Sqlite")]
public sealed class AccountPagesTests(SqliteShop shop) : IClassFixture<SqliteShop>
{
    private const string Password = "password123";

    [Fact]
    public async Task Registering_in_the_browser_makes_an_account_the_API_logs_in_with()
    {
        using var browser = PageSession.Start(shop);
        var username = NewUsername();

        var registered = await RegisterAsync(browser, username, Password);

        Target(registered).ShouldBe("/");
        browser.Cookie("shop_session").ShouldNotBeNull();
        var login = await shop.Anonymous().PostAsJsonAsync("/api/login", new { username, password = Password });
        await login.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_account_made_through_the_API_signs_in_on_the_page()
    {
        var username = await SignUpThroughApiAsync();
        using var browser = PageSession.Start(shop);

        var signedIn = await SignInAsync(browser, username, Password);

        Target(signedIn).ShouldBe("/");
        var home = await browser.FollowAsync(signedIn);
        HeaderOf(home).ShouldContain("Sign out");
    }

    [Fact]
    public async Task The_header_offers_Sign_in_and_Register_to_a_guest_and_Orders_and_Sign_out_once_signed_in()
    {
        using var browser = PageSession.Start(shop);

        var asGuest = HeaderOf(await browser.GetAsync("/"));
        await browser.SignInAsync(await SignUpThroughApiAsync(), Password);
        var signedIn = HeaderOf(await browser.GetAsync("/"));

        asGuest.ShouldContain("Sign in");
        asGuest.ShouldContain("Register");
        asGuest.ShouldNotContain("Orders");
        asGuest.ShouldNotContain("Sign out");
        signedIn.ShouldContain("Orders");
        signedIn.ShouldContain("Sign out");
        signedIn.ShouldNotContain("Sign in");
        signedIn.ShouldNotContain("Register");
    }

    [Fact]
    public async Task The_forms_name_their_fields_and_buttons_for_assistive_technology_and_password_managers()
    {
        using var browser = PageSession.Start(shop);

        var register = await browser.GetAsync("/account/register");
        var login = await browser.GetAsync("/account/login");

        register.Document.QuerySelectorAll("h1").Length.ShouldBe(1);
        login.Document.QuerySelectorAll("h1").Length.ShouldBe(1);
        login.Heading.ShouldBe("Sign in");
        FieldsOf(register).ShouldBe([("Username", "username", "text"), ("Password", "new-password", "password"), ("Confirm password", "new-password", "password")]);
        FieldsOf(login).ShouldBe([("Username", "username", "text"), ("Password", "current-password", "password")]);
        register.Form("register").QuerySelector("button[type=submit]")!.TextContent.Trim().ShouldBe("Register");
        login.Form("login").QuerySelector("button[type=submit]")!.TextContent.Trim().ShouldBe("Sign in");
        register.Document.QuerySelector("main a[href^='/account/login']").ShouldNotBeNull();
        login.Document.QuerySelector("main a[href^='/account/register']").ShouldNotBeNull();
    }

    [Fact]
    public async Task Register_tells_each_mistake_next_to_its_field_and_in_a_summary_and_creates_nothing()
    {
        using var browser = PageSession.Start(shop);

        var response = await RegisterAsync(browser, "a b", "short", confirm: "different");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await PageSession.Page.ReadAsync(response);
        ErrorOf(page, "username").ShouldStartWith("Username must be 3 to 64 characters");
        ErrorOf(page, "password").ShouldBe("Password must be at least 8 characters.");
        ErrorOf(page, "confirm-password").ShouldBe("The passwords do not match.");
        page.Texts("[role=alert] li a").Count.ShouldBe(3);
        page.Document.QuerySelectorAll("input[type=password]").ShouldAllBe(input => string.IsNullOrEmpty(input.GetAttribute("value")));
        browser.Cookie("shop_session").ShouldBeNull();
    }

    [Fact]
    public async Task Register_refuses_a_taken_username_next_to_the_username_field()
    {
        var username = await SignUpThroughApiAsync();
        using var browser = PageSession.Start(shop);

        var response = await RegisterAsync(browser, username, "another-password");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ErrorOf(await PageSession.Page.ReadAsync(response), "username").ShouldContain("is taken");
        browser.Cookie("shop_session").ShouldBeNull();
    }

    [Fact]
    public async Task Registering_moves_the_guest_cart_into_the_new_account()
    {
        var product = await shop.CreateProductAsync(stock: 20);
        using var browser = PageSession.Start(shop);
        await GiveGuestCartAsync(browser, (product.Id, 3));
        var username = NewUsername();

        var home = await browser.FollowAsync(await RegisterAsync(browser, username, Password));

        HeaderOf(home).ShouldContain("Cart (3)");
        browser.Cookie(GuestCartCookie.Name).ShouldBeNull();
        var cart = await (await shop.LoggedInAsync(username, Password)).CartAsync();
        cart.Items.Select(l => (l.ProductId, l.Quantity)).ShouldBe([(product.Id, 3)]);
    }

    [Fact]
    public async Task Signing_in_adds_the_guest_cart_to_the_accounts_cart_capped_at_100_a_line()
    {
        var admin = await shop.AdminAsync();
        var both = await shop.CreateProductAsync(stock: 500, admin: admin);
        var guestOnly = await shop.CreateProductAsync(stock: 500, admin: admin);
        var username = await SignUpThroughApiAsync();
        var api = await shop.LoggedInAsync(username, Password);
        await api.AddToCartAsync(both.Id, 60);
        using var browser = PageSession.Start(shop);
        await GiveGuestCartAsync(browser, (both.Id, 50), (guestOnly.Id, 2));

        await browser.SignInAsync(username, Password);

        var cart = await api.CartAsync();
        cart.Items.Select(l => (l.ProductId, l.Quantity)).OrderBy(l => l.ProductId).ShouldBe([(both.Id, CartService.MaxLineQuantity), (guestOnly.Id, 2)]);
        HeaderOf(await browser.GetAsync("/")).ShouldContain("Cart (102)");
    }

    [Theory]
    [InlineData("/cart")]
    [InlineData("/products/1?from=search")]
    [InlineData("/")]
    public async Task Sign_in_returns_to_a_local_returnUrl(string returnUrl)
    {
        var username = await SignUpThroughApiAsync();
        using var browser = PageSession.Start(shop);

        var signedIn = await SignInAsync(browser, username, Password, returnUrl);

        Target(signedIn).ShouldBe(returnUrl);
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task Sign_in_and_register_ignore_a_returnUrl_to_anywhere_else(string returnUrl)
    {
        var username = await SignUpThroughApiAsync();
        using var browser = PageSession.Start(shop);

        var signedIn = await SignInAsync(browser, username, Password, returnUrl);
        using var another = PageSession.Start(shop);
        var registered = await RegisterAsync(another, NewUsername(), Password, returnUrl: returnUrl);

        Target(signedIn).ShouldBe("/");
        Target(registered).ShouldBe("/");
    }

    [Fact]
    public async Task A_signed_in_shopper_visiting_sign_in_or_register_goes_on_to_returnUrl()
    {
        using var browser = PageSession.Start(shop);
        await browser.SignInAsync(await SignUpThroughApiAsync(), Password);

        var login = await browser.Client.GetAsync("/account/login?returnUrl=%2Fcart");
        var register = await browser.Client.GetAsync("/account/register?returnUrl=%2F%2Fevil.example");

        Target(login).ShouldBe("/cart");
        Target(register).ShouldBe("/");
    }

    [Fact]
    public async Task A_wrong_password_or_unknown_username_shows_one_message_and_signs_nobody_in()
    {
        var username = await SignUpThroughApiAsync();
        using var browser = PageSession.Start(shop);

        var wrongPassword = await SignInAsync(browser, username, "not-the-password");
        var unknownUser = await SignInAsync(browser, NewUsername(), Password);

        foreach (var response in new[] { wrongPassword, unknownUser })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            (response.Headers.TryGetValues("Set-Cookie", out var setCookies) ? setCookies : []).ShouldNotContain(c => c.StartsWith("shop_session=", StringComparison.Ordinal));
            var page = await PageSession.Page.ReadAsync(response);
            page.Texts("[role=alert]").ShouldBe(["Wrong username or password."]);
            page.Document.QuerySelector("#username")!.GetAttribute("aria-invalid").ShouldBe("true");
            page.Document.QuerySelector("#password")!.GetAttribute("value").ShouldBeNullOrEmpty();
        }

        browser.Cookie("shop_session").ShouldBeNull();
    }

    [Fact]
    public async Task Five_failures_on_the_page_and_the_API_together_lock_the_account_even_for_the_right_password()
    {
        var username = await SignUpThroughApiAsync();
        using var browser = PageSession.Start(shop);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            (await SignInAsync(browser, username, "not-the-password")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            (await shop.Anonymous().PostAsJsonAsync("/api/login", new { username, password = "not-the-password" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var locked = await SignInAsync(browser, username, Password);

        locked.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PageSession.Page.ReadAsync(locked)).Texts("[role=alert]").ShouldBe(["Too many failed sign-ins; try again in 15 minutes."]);
        browser.Cookie("shop_session").ShouldBeNull();
        (await shop.Anonymous().PostAsJsonAsync("/api/login", new { username, password = Password })).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused_and_signs_nobody_in()
    {
        var username = await SignUpThroughApiAsync();
        var newUsername = NewUsername();
        using var browser = PageSession.Start(shop);
        await browser.GetAsync("/account/login");

        var login = await PostWithoutTokenAsync(browser, "/account/login", "login", ("Input.Username", username), ("Input.Password", Password));
        var register = await PostWithoutTokenAsync(
            browser, "/account/register", "register", ("Input.Username", newUsername), ("Input.Password", Password), ("Input.ConfirmPassword", Password));

        login.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        register.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        browser.Cookie("shop_session").ShouldBeNull();
        (await shop.Anonymous().PostAsJsonAsync("/api/login", new { username = newUsername, password = Password })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Signing_out_takes_a_post_with_the_forms_token_and_ends_the_session()
    {
        using var browser = PageSession.Start(shop);
        await browser.SignInAsync(await SignUpThroughApiAsync(), Password);
        var home = await browser.GetAsync("/");

        var forged = await PostWithoutTokenAsync(browser, "/account/logout", formName: null, ("signOut", "1"));
        var got = await browser.Client.GetAsync("/account/logout");
        var stillSignedIn = HeaderOf(await browser.GetAsync("/"));
        var signedOut = await browser.SubmitAsync(home, home.Document.QuerySelector("form[action='/account/logout']")!);

        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        got.StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed);
        stillSignedIn.ShouldContain("Sign out");
        Target(signedOut).ShouldBe("/");
        browser.Cookie("shop_session").ShouldBeNull();
        HeaderOf(await browser.FollowAsync(signedOut)).ShouldContain("Sign in");
        (await browser.GetAsync("/account/login")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_page_cookie_never_authorizes_the_API()
    {
        using var browser = PageSession.Start(shop);
        await browser.SignInAsync(await SignUpThroughApiAsync(), Password);

        var me = await browser.Client.GetAsync("/api/me");

        await me.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        me.Headers.Location.ShouldBeNull();
    }

    /// <summary>Fills and posts the registration form, as a shopper does.</summary>
    internal static async Task<HttpResponseMessage> RegisterAsync(PageSession browser, string username, string password, string? confirm = null, string? returnUrl = null)
    {
        var page = await browser.GetAsync(AccountPage("/account/register", returnUrl));
        page.Status.ShouldBe(HttpStatusCode.OK);
        return await browser.SubmitAsync(page, "register", ("Input.Username", username), ("Input.Password", password), ("Input.ConfirmPassword", confirm ?? password));
    }

    internal static async Task<HttpResponseMessage> SignInAsync(PageSession browser, string username, string password, string? returnUrl = null)
    {
        var page = await browser.GetAsync(AccountPage("/account/login", returnUrl));
        page.Status.ShouldBe(HttpStatusCode.OK);
        return await browser.SubmitAsync(page, "login", ("Input.Username", username), ("Input.Password", password));
    }

    internal static string NewUsername() => $"shopper-{Guid.NewGuid():N}"[..24];

    private static string AccountPage(string path, string? returnUrl) => returnUrl is null ? path : $"{path}?returnUrl={Uri.EscapeDataString(returnUrl)}";

    /// <summary>Where a redirect sends the browser, as a path of this site (it fails when it leaves the site).</summary>
    private static string Target(HttpResponseMessage redirect)
    {
        redirect.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var target = new Uri(redirect.RequestMessage!.RequestUri!, redirect.Headers.Location!);
        target.Authority.ShouldBe(redirect.RequestMessage.RequestUri!.Authority);
        return target.PathAndQuery;
    }

    private static IReadOnlyList<string> HeaderOf(PageSession.Page page) => page.Texts("header nav a, header nav button");

    /// <summary>Each text field's label, autocomplete and type, in the form's order; each label must name its field.</summary>
    private static IReadOnlyList<(string Label, string? Autocomplete, string Type)> FieldsOf(PageSession.Page page) =>
        [.. page.Document.QuerySelectorAll("main form input:not([type=hidden])").Select(input =>
        {
            var label = page.Document.QuerySelector($"label[for='{input.Id}']") ?? throw new ShouldAssertException($"No label for #{input.Id}");
            return (label.TextContent.Trim(), input.GetAttribute("autocomplete"), input.GetAttribute("type") ?? "text");
        })];

    /// <summary>The error shown next to the field <paramref name="id"/>, which names it in aria-describedby and is marked invalid.</summary>
    private static string ErrorOf(PageSession.Page page, string id)
    {
        var input = page.Document.GetElementById(id) ?? throw new ShouldAssertException($"No #{id} in {page.Html}");
        input.GetAttribute("aria-invalid").ShouldBe("true");
        var described = (input.GetAttribute("aria-describedby") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var error = described.Select(page.Document.GetElementById).OfType<AngleSharp.Dom.IElement>().SingleOrDefault(e => e.ClassList.Contains("field-error"))
            ?? throw new ShouldAssertException($"#{id} is described by no error: {string.Join(", ", described)}");
        return error.TextContent.Trim();
    }

    /// <summary>A post of the form's fields with no antiforgery token, as another site's form would send.</summary>
    private static Task<HttpResponseMessage> PostWithoutTokenAsync(PageSession browser, string url, string? formName, params (string Name, string Value)[] fields)
    {
        var values = fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).ToList();
        if (formName is not null)
        {
            values.Add(KeyValuePair.Create("_handler", formName));
        }

        return browser.Client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    private async Task<string> SignUpThroughApiAsync()
    {
        var username = NewUsername();
        await (await shop.Anonymous().PostAsJsonAsync("/api/signup", new { username, password = Password })).ShouldHaveStatusAsync(HttpStatusCode.Created);
        return username;
    }

    /// <summary>The browser holds a guest cart with these lines, as if the guest had filled it on an earlier visit.</summary>
    private async Task GiveGuestCartAsync(PageSession browser, params (int ProductId, int Quantity)[] lines)
    {
        var guest = CartOwner.Guest.New();
        var carts = shop.Services.GetRequiredService<CartService>();
        foreach (var (productId, quantity) in lines)
        {
            (await carts.AddAsync(guest, productId, quantity)).Succeeded.ShouldBeTrue();
        }

        browser.SetCookie(GuestCartCookie.Name, guest.CartId);
        HeaderOf(await browser.GetAsync("/")).ShouldContain($"Cart ({lines.Sum(l => l.Quantity)})");
    }
}

/// <summary>The per-address budget of signups and logins covers the pages' form posts, not their reading.</summary>
[Trait(Providers.Trait, "Sqlite")]
public sealed class AccountPagesRateLimitTests(RateLimitTests.ThreePerMinuteShop shop) : IClassFixture<RateLimitTests.ThreePerMinuteShop>
{
    [Fact]
    public async Task The_pages_posts_share_the_addresss_budget_with_the_API_and_then_get_the_shops_429_page()
    {
        using var browser = PageSession.Start(shop);
        browser.Client.DefaultRequestHeaders.Add(PeerAddressFromHeader.Header, "203.0.113.7");
        for (var read = 0; read < 2 * RateLimitTests.ThreePerMinuteShop.PermitsPerMinute; read++)
        {
            (await browser.GetAsync("/account/login")).Status.ShouldBe(HttpStatusCode.OK);
        }

        var login = await browser.GetAsync("/account/login");
        var register = await browser.GetAsync("/account/register");
        var posts = new List<HttpResponseMessage>
        {
            await browser.SubmitAsync(login, "login", ("Input.Username", "nobody-here"), ("Input.Password", "password123")),
            await browser.SubmitAsync(register, "register", ("Input.Username", "x"), ("Input.Password", "short"), ("Input.ConfirmPassword", "short")),
        };
        var api = shop.Anonymous();
        api.DefaultRequestHeaders.Add(PeerAddressFromHeader.Header, "203.0.113.7");
        (await api.PostAsJsonAsync("/api/login", new { username = "nobody-here", password = "password123" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var refused = await browser.SubmitAsync(login, "login", ("Input.Username", "nobody-here"), ("Input.Password", "password123"));

        posts.ShouldAllBe(p => p.StatusCode == HttpStatusCode.OK);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter?.Delta.ShouldNotBeNull().ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await PageSession.Page.ReadAsync(refused)).Heading.ShouldBe("Too many requests");
        (await browser.GetAsync("/account/login")).Status.ShouldBe(HttpStatusCode.OK);
    }
}
