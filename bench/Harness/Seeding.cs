using System.Diagnostics;
using ECommerce.Core.Accounts;
using ECommerce.Core.Cart;
using ECommerce.Core.Catalog;
using ECommerce.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ECommerce.Bench;

/// <summary>
/// Fills the database the app has migrated and seeded with its sample catalog: products up to the
/// benchmark's count, users for the cart scenario, and users with a cart each for the checkout
/// scenario; writes each group's API tokens to a file, one a line.
/// </summary>
public static class Seeding
{
    private const int Batch = 1000;

    public static async Task<int> RunAsync(Options options)
    {
        var clock = Stopwatch.StartNew();
        var dbFactory = ShopData.Factory(options);
        var outDir = Directory.CreateDirectory(options["out"]).FullName;

        var added = await AddProductsAsync(dbFactory, options.Int("products"));
        var tokens = new TokenIssuer(
            Microsoft.Extensions.Options.Options.Create(new JwtOptions { Secret = options["jwt-secret"] }), TimeProvider.System, dbFactory);

        var cartUsers = await AddUsersAsync(dbFactory, "bench-cart", options.Int("cart-users"));
        await File.WriteAllLinesAsync(Path.Combine(outDir, "cart-tokens.txt"), cartUsers.Select(u => tokens.Issue(u, []).Token));

        var checkoutUsers = await AddUsersAsync(dbFactory, "bench-checkout", options.Int("checkout-users"));
        await FillCartsAsync(dbFactory, checkoutUsers);
        await File.WriteAllLinesAsync(Path.Combine(outDir, "checkout-tokens.txt"), checkoutUsers.Select(u => tokens.Issue(u, []).Token));

        await using var db = await dbFactory.CreateDbContextAsync();
        var maxId = await db.Products.MaxAsync(p => p.Id);
        Console.WriteLine($"products={await db.Products.CountAsync()} added={added} max_id={maxId} users={cartUsers.Count + checkoutUsers.Count} seconds={clock.Elapsed.TotalSeconds:0.0}");
        return 0;
    }

    private static async Task<int> AddProductsAsync(IDbContextFactory<ShopDbContext> dbFactory, int wanted)
    {
        Dictionary<string, Category> categories;
        int existing;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var slugs = await db.Categories.Select(c => c.Slug).ToListAsync();
            db.Categories.AddRange(BenchCatalog.ExtraCategories.Where(c => !slugs.Contains(c.Slug)).Select(c => new Category { Slug = c.Slug, Name = c.Name }));
            await db.SaveChangesAsync();
            categories = await db.Categories.ToDictionaryAsync(c => c.Slug);
            existing = await db.Products.CountAsync();
        }

        var now = DateTime.UtcNow;
        for (var first = existing + 1; first <= wanted; first += Batch)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var n in Enumerable.Range(first, Math.Min(Batch, wanted - first + 1)))
            {
                var sample = BenchCatalog.Product(n);
                var category = categories[sample.CategorySlug];
                db.Products.Add(new Product
                {
                    Sku = sample.Sku,
                    Name = sample.Name,
                    Description = sample.Description,
                    Price = sample.Price,
                    Currency = "usd",
                    OnHand = sample.Stock,
                    CategoryId = category.Id,
                    CreatedAt = now.AddMinutes(-n),
                });
            }

            await db.SaveChangesAsync();
        }

        return Math.Max(0, wanted - existing);
    }

    private static async Task<List<ShopUser>> AddUsersAsync(IDbContextFactory<ShopDbContext> dbFactory, string prefix, int count)
    {
        var users = new List<ShopUser>(count);
        var now = DateTime.UtcNow;
        for (var first = 0; first < count; first += Batch)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var batch = Enumerable.Range(first, Math.Min(Batch, count - first)).Select(i =>
            {
                var name = $"{prefix}-{i}-{Guid.NewGuid():N}"[..40];
                // No password: these accounts are reached only through the tokens written for them.
                return new ShopUser
                {
                    UserName = name,
                    NormalizedUserName = name.ToUpperInvariant(),
                    SecurityStamp = Guid.NewGuid().ToString("N"),
                    ConcurrencyStamp = Guid.NewGuid().ToString(),
                    LockoutEnabled = true,
                    CreatedAt = now,
                };
            }).ToList();
            db.Users.AddRange(batch);
            await db.SaveChangesAsync();
            users.AddRange(batch);
        }

        return users;
    }

    /// <summary>One to three lines of a unit each, of products with stock to spare, so each checkout reserves real stock.</summary>
    private static async Task FillCartsAsync(IDbContextFactory<ShopDbContext> dbFactory, List<ShopUser> users)
    {
        int[] productIds;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            productIds = await db.Products.Where(p => !p.Archived && p.OnHand - p.Reserved >= 50).Select(p => p.Id).ToArrayAsync();
        }

        var random = new Random(42);
        foreach (var batch in users.Chunk(Batch))
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var user in batch)
            {
                var lines = random.GetItems(productIds, random.Next(1, 4)).Distinct();
                db.CartItems.AddRange(lines.Select(id => new CartItem { UserId = user.Id, ProductId = id, Quantity = 1 }));
            }

            await db.SaveChangesAsync();
        }
    }
}
