using ECommerce.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.Tests.Pages;

/// <summary>Cookies and antiforgery tokens are protected with keys in the database: what one instance wrote, another reads.</summary>
public abstract class DataProtectionTests(ShopFixture shop)
{
    [Fact]
    public async Task What_one_instance_protects_another_instance_on_the_same_database_reads()
    {
        var secret = shop.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("a signed-in session");

        // In the database, not in a folder of this machine that other machines would not see.
        (await shop.QueryAsync(db => db.DataProtectionKeys.CountAsync())).ShouldBeGreaterThan(0);
        await using var other = shop.StartAnotherApp();

        other.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret).ShouldBe("a signed-in session");
    }
}

public sealed class DataProtectionTests_Sqlite(SqliteShop shop) : DataProtectionTests(shop), IClassFixture<SqliteShop>;

[Trait(Providers.Trait, "MariaDb")]
public sealed class DataProtectionTests_MariaDb(MariaDbShop shop) : DataProtectionTests(shop), IClassFixture<MariaDbShop>;
