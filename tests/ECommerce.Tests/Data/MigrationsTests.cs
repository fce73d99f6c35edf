using ECommerce.Core;
using ECommerce.Core.Data;
using ECommerce.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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
        await using var services = Shop(provider, connectionString, "10.11-mariadb");
        await using var db = await services.GetRequiredService<IDbContextFactory<ShopDbContext>>().CreateDbContextAsync();

        db.Database.GetMigrations().ShouldNotBeEmpty();
        db.Database.HasPendingModelChanges().ShouldBeFalse($"the {provider} migrations lag behind the model: add a migration (see README)");
    }

    [Fact]
    public async Task Guest_carts_migration_keeps_the_accounts_cart_lines_on_Sqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"ecommerce-migration-{Guid.NewGuid():N}.db");
        try
        {
            await Cart_lines_survive_the_guest_carts_migration(Shop("Sqlite", $"Data Source={file};Pooling=False", "10.11-mariadb"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    [Trait(Providers.Trait, "MariaDb")]
    public async Task Guest_carts_migration_keeps_the_accounts_cart_lines_on_MariaDb() =>
        await Cart_lines_survive_the_guest_carts_migration(
            Shop("MySql", await MariaDbServer.CreateDatabaseAsync(), await MariaDbServer.GetServerVersionAsync()));

    /// <summary>The cart table's key changes in that migration: lines of several accounts must come through it, and the later ones.</summary>
    private static async Task Cart_lines_survive_the_guest_carts_migration(ServiceProvider services)
    {
        await using var _ = services;
        await using var db = await services.GetRequiredService<IDbContextFactory<ShopDbContext>>().CreateDbContextAsync();
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        await migrator.MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_GuestCarts", StringComparison.Ordinal)) - 1]);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO AspNetUsers (Id, UserName, AccessFailedCount, EmailConfirmed, LockoutEnabled, PhoneNumberConfirmed, TwoFactorEnabled, CreatedAt) VALUES (1, 'a', 0, 0, 0, 0, 0, '2026-01-01'), (2, 'b', 0, 0, 0, 0, 0, '2026-01-01');
            INSERT INTO Categories (Id, Slug, Name) VALUES (1, 'c', 'C');
            INSERT INTO Products (Id, Sku, Name, Description, Price, Currency, OnHand, Reserved, CategoryId, ImageUrl, Archived, CreatedAt) VALUES (1, 'S1', 'One', '', 100, 'usd', 5, 0, 1, '', 0, '2026-01-01'), (2, 'S2', 'Two', '', 100, 'usd', 5, 0, 1, '', 0, '2026-01-01');
            INSERT INTO CartItems (UserId, ProductId, Quantity) VALUES (1, 1, 2), (1, 2, 3), (2, 1, 4);
            """);

        await migrator.MigrateAsync();

        var lines = await db.CartItems.OrderBy(i => i.UserId).ThenBy(i => i.ProductId).Select(i => new { i.UserId, i.ProductId, i.Quantity, i.GuestCartId }).ToListAsync();
        lines.Select(l => (l.UserId, l.ProductId, l.Quantity, l.GuestCartId)).ShouldBe([(1, 1, 2, null), (1, 2, 3, null), (2, 1, 4, null)]);
        // And the lines count as changed when the CartLineUpdatedAt migration ran, not in the year 1: none is pruned at once.
        (await db.CartItems.Select(i => i.UpdatedAt).ToListAsync()).ShouldAllBe(at => Math.Abs((at - DateTime.UtcNow).TotalMinutes) < 10);
    }

    [Fact]
    [Trait(Providers.Trait, "MariaDb")]
    public async Task Instances_starting_at_once_on_a_new_MariaDb_database_migrate_and_seed_it_once()
    {
        var connectionString = await MariaDbServer.CreateDatabaseAsync();
        var version = await MariaDbServer.GetServerVersionAsync();
        await Instances_starting_at_once_migrate_and_seed_once(() => Shop("MySql", connectionString, version));
    }

    [Fact]
    public async Task Instances_starting_at_once_on_a_new_Sqlite_file_migrate_and_seed_it_once()
    {
        var file = Path.Combine(Path.GetTempPath(), $"ecommerce-start-{Guid.NewGuid():N}.db");
        try
        {
            await Instances_starting_at_once_migrate_and_seed_once(() => Shop("Sqlite", $"Data Source={file}", "10.11-mariadb"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Four instances of the shop (each its own services and connections) start together, as after a deploy.</summary>
    private static async Task Instances_starting_at_once_migrate_and_seed_once(Func<ServiceProvider> instance)
    {
        var instances = Enumerable.Range(0, 4).Select(_ => instance()).ToList();
        try
        {
            var problems = await Task.WhenAll(instances.Select(i => Task.Run(() => i.GetRequiredService<ShopDatabase>().InitializeAsync())));

            problems.ShouldAllBe(problem => problem == null);
            await using var db = await instances[0].GetRequiredService<IDbContextFactory<ShopDbContext>>().CreateDbContextAsync();
            (await db.Products.CountAsync()).ShouldBe(ECommerce.Core.Catalog.SampleCatalog.Products.Count);
            (await db.Products.MinAsync(p => p.Id)).ShouldBe(1);
            (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        }
        finally
        {
            foreach (var i in instances)
            {
                await i.DisposeAsync();
            }
        }
    }

    private static ServiceProvider Shop(string provider, string connectionString, string serverVersion)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider,
                ["Database:ServerVersion"] = serverVersion,
                ["ConnectionStrings:Default"] = connectionString,
            })
            .Build();
        return new ServiceCollection().AddLogging().AddShop(configuration).BuildServiceProvider();
    }
}
