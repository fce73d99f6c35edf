using ECommerce.Core;
using ECommerce.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.Tests.Data;

public class MigrationsTests
{
    [Theory]
    [InlineData("Sqlite", "Data Source=:memory:")]
    [InlineData("MySql", "Server=127.0.0.1;Database=unused")]
    public async Task Each_providers_migrations_match_the_model(string provider, string connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider,
                ["Database:ServerVersion"] = "10.11-mariadb",
                ["ConnectionStrings:Default"] = connectionString,
            })
            .Build();
        await using var services = new ServiceCollection().AddLogging().AddShop(configuration).BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<ShopDbContext>>().CreateDbContextAsync();

        db.Database.GetMigrations().ShouldNotBeEmpty();
        db.Database.HasPendingModelChanges().ShouldBeFalse($"the {provider} migrations lag behind the model: add a migration (see README)");
    }
}
