using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ECommerce.Core.Accounts;
using ECommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ECommerce.Tests.Api;

public abstract class AccountsApiTests(ShopFixture shop)
{
    private const string Password = "password123";

    /// <summary>Accounts:LockoutDuration of appsettings.json.</summary>
    private static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task Signup_answers_201_with_the_new_accounts_id_and_username()
    {
        var username = NewUsername();

        var response = await shop.Anonymous().PostAsJsonAsync("/api/signup", new { username, password = Password });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("id").GetInt32().ShouldBeGreaterThan(0);
        body.GetProperty("username").GetString().ShouldBe(username);
    }

    [Fact]
    public async Task Signup_accepts_an_optional_email()
    {
        var username = NewUsername();

        var response = await shop.Anonymous().PostAsJsonAsync("/api/signup", new { username, password = Password, email = $"{username}@example.com" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.Content.ReadFromJsonAsync<AccountView>(ShopFixture.Json))!.Username.ShouldBe(username);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(64)]
    public async Task Signup_accepts_usernames_of_3_and_of_64_characters(int length)
    {
        var username = string.Concat(Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString("N")))[..length];

        var response = await shop.Anonymous().PostAsJsonAsync("/api/signup", new { username, password = Password });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Signup_accepts_letters_digits_dot_underscore_dash_and_at_in_usernames()
    {
        var username = $"Jo.Doe_7-x@{Guid.NewGuid():N}"[..24];

        var response = await shop.Anonymous().PostAsJsonAsync("/api/signup", new { username, password = Password });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.Content.ReadFromJsonAsync<AccountView>(ShopFixture.Json))!.Username.ShouldBe(username);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("a123456789b123456789c123456789d123456789e123456789f123456789g1234")]
    [InlineData("has space")]
    [InlineData("bang!")]
    [InlineData("slash/name")]
    [InlineData("")]
    public async Task Signup_refuses_an_invalid_username_with_a_400_naming_username(string username)
    {
        var response = await shop.Anonymous().PostAsJsonAsync("/api/signup", new { username, password = Password });

        var errors = await ValidationErrorsAsync(response);
        errors.ShouldContainKey("username");
        errors.ShouldNotContainKey("password");
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234567")]
    public async Task Signup_refuses_a_password_shorter_than_8_characters_with_a_400_naming_password(string password)
    {
        var response = await shop.Anonymous().PostAsJsonAsync("/api/signup", new { username = NewUsername(), password });

        var errors = await ValidationErrorsAsync(response);
        errors.ShouldContainKey("password");
        errors.ShouldNotContainKey("username");
    }

    [Fact]
    public async Task Signup_has_no_password_composition_rules_so_8_lowercase_letters_do()
    {
        var username = NewUsername();

        var signup = await shop.Anonymous().PostAsJsonAsync("/api/signup", new { username, password = "abcdefgh" });

        signup.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await shop.Anonymous().PostAsJsonAsync("/api/login", new { username, password = "abcdefgh" })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Signup_without_username_and_password_is_a_400_naming_both()
    {
        var response = await shop.Anonymous().PostAsJsonAsync("/api/signup", new { });

        var errors = await ValidationErrorsAsync(response);
        errors.ShouldContainKey("username");
        errors.ShouldContainKey("password");
    }

    [Theory]
    [InlineData("/api/signup", """{"username":""", "application/json")]
    [InlineData("/api/signup", """["alice","password123"]""", "application/json")]
    [InlineData("/api/signup", """{"username": 5, "password": "password123"}""", "application/json")]
    [InlineData("/api/signup", "null", "application/json")]
    [InlineData("/api/signup", "", "application/json")]
    [InlineData("/api/signup", "username=alice&password=password123", "application/x-www-form-urlencoded")]
    [InlineData("/api/signup", """{"username":"alice","password":"password123"}""", "text/plain")]
    [InlineData("/api/login", """{"username":""", "application/json")]
    [InlineData("/api/login", """{"username": ["admin"], "password": true}""", "application/json")]
    [InlineData("/api/login", "username=admin&password=admin-password", "application/x-www-form-urlencoded")]
    public async Task An_unreadable_body_is_a_4xx_problem_never_a_500(string path, string body, string contentType)
    {
        var response = await shop.Anonymous().PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

        ((int)response.StatusCode).ShouldBeInRange(400, 499);
        await response.ShouldBeProblemAsync(response.StatusCode);
    }

    [Fact]
    public async Task Signup_of_a_taken_username_is_409()
    {
        var username = NewUsername();
        (await shop.Anonymous().PostAsJsonAsync("/api/signup", new { username, password = Password })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var again = await shop.Anonymous().PostAsJsonAsync("/api/signup", new { username, password = "another-password" });

        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await again.ShouldBeProblemAsync(again.StatusCode);
    }

    [Fact]
    public async Task Signup_of_a_taken_username_in_other_letter_case_is_409()
    {
        var username = NewUsername().ToLowerInvariant();
        (await shop.Anonymous().PostAsJsonAsync("/api/signup", new { username, password = Password })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var capitalized = char.ToUpperInvariant(username[0]) + username[1..];
        var again = await shop.Anonymous().PostAsJsonAsync("/api/signup", new { username = capitalized, password = Password });

        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await again.ShouldBeProblemAsync(again.StatusCode);
    }

    [Fact]
    public async Task Concurrent_signups_of_one_username_create_one_account_and_409s()
    {
        var username = $"race-{Guid.NewGuid():N}"[..16];

        var responses = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => shop.Anonymous().PostAsJsonAsync("/api/signup", new { username, password = Password })));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(7);
    }

    [Fact]
    public async Task Login_answers_a_bearer_token_with_its_expiry_in_utc()
    {
        var username = await SignUpAsync();

        var response = await shop.Anonymous().PostAsJsonAsync("/api/login", new { username, password = Password });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("token").GetString().ShouldNotBeNullOrWhiteSpace();
        body.GetProperty("token_type").GetString().ShouldBe("Bearer");
        var expiresAt = body.GetProperty("expires_at").GetString()!;
        expiresAt.ShouldEndWith("Z");
        var expiry = DateTime.Parse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        expiry.ShouldBeGreaterThan(shop.Clock.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task The_token_from_login_opens_api_me()
    {
        var username = await SignUpAsync();
        var client = shop.Anonymous();
        var login = await (await client.PostAsJsonAsync("/api/login", new { username, password = Password })).Content.ReadFromJsonAsync<TokenView>(ShopFixture.Json);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(login!.TokenType, login.Token);

        var me = await client.GetFromJsonAsync<MeView>("/api/me", ShopFixture.Json);

        me!.Username.ShouldBe(username);
    }

    [Fact]
    public async Task Login_with_a_wrong_password_or_an_unknown_username_is_401_with_one_message_for_both()
    {
        var username = await SignUpAsync();

        var wrongPassword = await shop.Anonymous().PostAsJsonAsync("/api/login", new { username, password = "not-the-password" });
        var unknownUser = await shop.Anonymous().PostAsJsonAsync("/api/login", new { username = NewUsername(), password = Password });

        wrongPassword.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        unknownUser.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var (wrongPasswordProblem, unknownUserProblem) = (await wrongPassword.ShouldBeProblemAsync(wrongPassword.StatusCode), await unknownUser.ShouldBeProblemAsync(unknownUser.StatusCode));
        wrongPasswordProblem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
        unknownUserProblem.GetProperty("detail").GetString().ShouldBe(wrongPasswordProblem.GetProperty("detail").GetString());
        unknownUserProblem.GetProperty("title").GetString().ShouldBe(wrongPasswordProblem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Five_wrong_passwords_in_a_row_lock_the_account_even_against_the_right_password()
    {
        var username = await SignUpAsync();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            (await LogInAsync(username, "not-the-password")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var locked = await LogInAsync(username, Password);

        locked.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        var retryAfter = locked.Headers.RetryAfter?.Delta ?? throw new ShouldAssertException("A locked account's answer has no Retry-After in seconds.");
        retryAfter.ShouldBeGreaterThan(TimeSpan.Zero);
        retryAfter.ShouldBeLessThanOrEqualTo(LockoutDuration + TimeSpan.FromSeconds(1));
        await locked.ShouldBeProblemAsync(locked.StatusCode);
    }

    [Fact]
    public async Task Thirty_concurrent_wrong_passwords_get_five_checked_and_then_even_the_right_password_is_refused()
    {
        var username = await SignUpAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => LogInAsync(username, "not-the-password")));

        var statuses = string.Join(", ", answers.GroupBy(a => (int)a.StatusCode).Select(g => $"{g.Count()} x {g.Key}"));
        answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized).ShouldBe(5, $"Each 401 is a password checked; the answers: {statuses}.");
        answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests).ShouldBe(25, $"The answers: {statuses}.");
        await (await LogInAsync(username, Password)).ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task When_the_lock_runs_out_thirty_concurrent_wrong_passwords_again_get_five_checked()
    {
        var username = await SignUpAsync();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await LogInAsync(username, "not-the-password");
        }

        await RunOutTheLockAsync(username);
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => LogInAsync(username, "not-the-password")));

        var statuses = string.Join(", ", answers.GroupBy(a => (int)a.StatusCode).Select(g => $"{g.Count()} x {g.Key}"));
        answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized).ShouldBe(5, $"Each 401 is a password checked; the answers: {statuses}.");
        answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests).ShouldBe(25, $"The answers: {statuses}.");
        await (await LogInAsync(username, Password)).ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task When_the_lock_runs_out_the_right_password_logs_in()
    {
        var username = await SignUpAsync();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await LogInAsync(username, "not-the-password");
        }

        await RunOutTheLockAsync(username);

        await (await LogInAsync(username, Password)).ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_locked_account_leaves_other_accounts_alone()
    {
        var (locked, other) = (await SignUpAsync(), await SignUpAsync());
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await LogInAsync(locked, "not-the-password");
        }

        (await LogInAsync(locked, Password)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await LogInAsync(other, Password)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_successful_login_resets_the_count_of_failures()
    {
        var username = await SignUpAsync();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await LogInAsync(username, "not-the-password");
        }

        (await LogInAsync(username, Password)).StatusCode.ShouldBe(HttpStatusCode.OK);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            (await LogInAsync(username, "not-the-password")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await LogInAsync(username, Password)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Me_answers_the_accounts_id_username_and_no_roles()
    {
        var username = NewUsername();
        var signup = await (await shop.Anonymous().PostAsJsonAsync("/api/signup", new { username, password = Password })).Content.ReadFromJsonAsync<AccountView>(ShopFixture.Json);
        var client = await shop.LoggedInAsync(username, Password);

        var response = await client.GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        me.GetProperty("id").GetInt32().ShouldBe(signup!.Id);
        me.GetProperty("username").GetString().ShouldBe(username);
        me.GetProperty("roles").EnumerateArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task The_configured_admin_can_log_in_and_has_the_admin_role()
    {
        var admin = await shop.AdminAsync();

        var me = await admin.GetFromJsonAsync<MeView>("/api/me", ShopFixture.Json);

        me!.Username.ShouldBe(ShopFixture.AdminUsername);
        me.Roles.ShouldBe([Roles.Admin]);
    }

    [Fact]
    public async Task Ten_wrong_passwords_do_not_lock_out_the_configured_admin()
    {
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            await (await LogInAsync(ShopFixture.AdminUsername, "not-the-password")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }

        await (await LogInAsync(ShopFixture.AdminUsername, ShopFixture.AdminPassword)).ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_restart_unlocks_the_configured_admin()
    {
        // As an earlier release could leave it: lockable, and locked.
        var lockedUntil = (DateTimeOffset?)DateTimeOffset.UtcNow.AddDays(1);
        await shop.QueryAsync(db => db.Users.Where(u => u.UserName == ShopFixture.AdminUsername).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.LockoutEnabled, true).SetProperty(u => u.AccessFailedCount, 5).SetProperty(u => u.LockoutEnd, lockedUntil)));
        await (await LogInAsync(ShopFixture.AdminUsername, ShopFixture.AdminPassword)).ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);

        await using var restarted = shop.StartAnotherApp();

        var login = await restarted.CreateClient().PostAsJsonAsync("/api/login", new { username = ShopFixture.AdminUsername, password = ShopFixture.AdminPassword });
        await login.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Admin_calls_are_403_for_a_user_without_the_admin_role()
    {
        var user = await shop.SignedInAsync();
        var admin = await shop.AdminAsync();

        var forbidden = await user.GetAsync("/api/admin/orders");

        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.GetAsync("/api/admin/orders")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Me_without_a_token_is_401_problem()
    {
        var response = await shop.Anonymous().GetAsync("/api/me");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await response.ShouldBeProblemAsync(response.StatusCode);
    }

    [Fact]
    public async Task A_token_expires_after_its_lifetime_on_the_shops_clock()
    {
        var client = await shop.SignedInAsync();

        shop.Clock.Advance(TimeSpan.FromHours(11));
        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        shop.Clock.Advance(TimeSpan.FromHours(2));
        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var signedInAgain = await shop.SignedInAsync();
        (await signedInAgain.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_new_ADMIN_PASSWORD_at_restart_revokes_the_admins_earlier_tokens()
    {
        var username = NewUsername();
        await using (var scope = shop.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AdminAccount>().EnsureAsync(username, "first-admin-password");
        }

        var before = await shop.LoggedInAsync(username, "first-admin-password");
        await (await before.GetAsync("/api/admin/products")).ShouldHaveStatusAsync(HttpStatusCode.OK);

        await using var restarted = shop.StartAnotherApp(("Admin:Username", username), ("Admin:Password", "second-admin-password"));

        var old = restarted.CreateClient();
        old.DefaultRequestHeaders.Authorization = before.DefaultRequestHeaders.Authorization;
        await (await old.GetAsync("/api/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await old.GetAsync("/api/admin/products")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var login = await restarted.CreateClient().PostAsJsonAsync("/api/login", new { username, password = "second-admin-password" });
        var fresh = restarted.CreateClient();
        fresh.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await login.ShouldBeOkAsync<TokenView>()).Token);
        await (await fresh.GetAsync("/api/admin/products")).ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_of_a_deleted_account_is_refused_with_401()
    {
        var account = await SignUpForIdAsync();
        var client = await shop.LoggedInAsync(account.Username, Password);

        await shop.QueryAsync(db => db.Users.Where(u => u.Id == account.Id).ExecuteDeleteAsync());

        foreach (var path in new[] { "/api/me", "/api/cart", "/api/orders" })
        {
            await (await client.GetAsync(path)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task Me_accepts_a_token_made_here_like_the_shops_own()
    {
        var account = await SignUpForIdAsync();

        var response = await GetMeAsync(Token(account.Id, await StampDigestAsync(account.Id)));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<MeView>(ShopFixture.Json))!.Username.ShouldBe(account.Username);
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("signed with another key")]
    [InlineData("alg none")]
    [InlineData("wrong issuer")]
    [InlineData("wrong audience")]
    [InlineData("without expiry")]
    [InlineData("without the security stamp")]
    [InlineData("not a jwt")]
    public async Task Me_refuses_a_bad_token_with_401(string kind)
    {
        var account = await SignUpForIdAsync();
        var (now, stamp) = (shop.Clock.GetUtcNow().UtcDateTime, await StampDigestAsync(account.Id));
        var token = kind switch
        {
            "expired" => Token(account.Id, stamp, issuedAt: now.AddHours(-3), expires: now.AddHours(-2)),
            "signed with another key" => Token(account.Id, stamp, secret: "another-secret-of-at-least-thirty-two-bytes"),
            "alg none" => Unsigned(account.Id, stamp),
            "wrong issuer" => Token(account.Id, stamp, issuer: "someone-else"),
            "wrong audience" => Token(account.Id, stamp, audience: "another-api"),
            "without expiry" => Token(account.Id, stamp, withExpiry: false),
            "without the security stamp" => Token(account.Id, stampDigest: null),
            "not a jwt" => "not-a-token",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var response = await GetMeAsync(token);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_refuses_a_token_whose_payload_was_changed_after_signing()
    {
        var victim = await SignUpForIdAsync();
        var attacker = await SignUpAsync();
        var token = (await LogInForTokenAsync(attacker)).Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(token[1]))!;
        payload["sub"] = victim.Id.ToString(CultureInfo.InvariantCulture);

        var response = await GetMeAsync($"{token[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{token[2]}");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static string NewUsername() => $"user-{Guid.NewGuid():N}"[..20];

    private async Task<string> SignUpAsync() => (await SignUpForIdAsync()).Username;

    private async Task<AccountView> SignUpForIdAsync()
    {
        var response = await shop.Anonymous().PostAsJsonAsync("/api/signup", new { username = NewUsername(), password = Password });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<AccountView>(ShopFixture.Json))!;
    }

    private Task<HttpResponseMessage> LogInAsync(string username, string password) =>
        shop.Anonymous().PostAsJsonAsync("/api/login", new { username, password });

    /// <summary>Ends the account's lock now: Identity's lock runs on the wall clock, not on the fixture's.</summary>
    private Task RunOutTheLockAsync(string username)
    {
        var ended = (DateTimeOffset?)DateTimeOffset.UtcNow.AddSeconds(-1);
        return shop.QueryAsync(db => db.Users.Where(u => u.UserName == username).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, ended)));
    }

    private async Task<string> LogInForTokenAsync(string username)
    {
        var response = await LogInAsync(username, Password);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<TokenView>(ShopFixture.Json))!.Token;
    }

    private Task<HttpResponseMessage> GetMeAsync(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return shop.Anonymous().SendAsync(request);
    }

    /// <summary>What the shop's tokens carry of the account's current security stamp.</summary>
    private async Task<string> StampDigestAsync(int userId) =>
        TokenIssuer.StampDigest(await shop.QueryAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync()));

    /// <summary>An HS256 token as the shop issues them, with one thing changed at a time.</summary>
    private string Token(
        int userId,
        string? stampDigest,
        string secret = ShopFixture.JwtSecret,
        string issuer = "ecommerce",
        string audience = "ecommerce-api",
        DateTime? issuedAt = null,
        DateTime? expires = null,
        bool withExpiry = true)
    {
        var iat = issuedAt ?? shop.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1);
        var claims = new Dictionary<string, object> { ["sub"] = userId.ToString(CultureInfo.InvariantCulture) };
        if (stampDigest is not null)
        {
            claims[TokenIssuer.StampClaim] = stampDigest;
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = withExpiry }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            Issuer = issuer,
            Audience = audience,
            IssuedAt = withExpiry ? iat : null,
            NotBefore = withExpiry ? iat : null,
            Expires = withExpiry ? expires ?? iat.AddHours(1) : null,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A token that claims <c>alg: none</c> and carries no signature, but is otherwise valid.</summary>
    private string Unsigned(int userId, string stampDigest)
    {
        var now = shop.Clock.GetUtcNow();
        var header = """{"alg":"none","typ":"JWT"}""";
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = "ecommerce",
            ["aud"] = "ecommerce-api",
            ["sub"] = userId.ToString(CultureInfo.InvariantCulture),
            [TokenIssuer.StampClaim] = stampDigest,
            ["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        });
        return $"{Base64UrlEncoder.Encode(header)}.{Base64UrlEncoder.Encode(payload)}.";
    }

    private static async Task<Dictionary<string, string[]>> ValidationErrorsAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ShouldBeProblemAsync(response.StatusCode);
        return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }
}

[Trait(Providers.Trait, "Sqlite")]
public sealed class AccountsApiTests_Sqlite(SqliteShop shop) : AccountsApiTests(shop), IClassFixture<SqliteShop>;

[Trait(Providers.Trait, "MariaDb")]
public sealed class AccountsApiTests_MariaDb(MariaDbShop shop) : AccountsApiTests(shop), IClassFixture<MariaDbShop>;
