using ECommerce.Core.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ECommerce.Core.Data;

/// <summary>
/// Brings the database up to date at start-up, checks that its prices are in the shop's currency, and seeds the
/// sample catalog into an empty one.
/// </summary>
public sealed class ShopDatabase(
    IDbContextFactory<ShopDbContext> dbFactory,
    IOptions<DatabaseOptions> options,
    IOptions<ShopOptions> shop,
    TimeProvider time,
    ILogger<ShopDatabase> logger)
{
    /// <returns>The problem that stops the shop from starting, or null.</returns>
    public async Task<string?> InitializeAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = db.Database.GetDbConnection();
        if (options.Value.IsSqlite)
        {
            // SQLite makes a missing file but not its folder, such as the data directory on a first run.
            if (Path.GetDirectoryName(connection.DataSource) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            // Readers never wait for the writer in WAL mode; the setting stays with the file.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            logger.LogInformation("Database: SQLite at {File}", connection.DataSource);
        }
        else
        {
            logger.LogInformation("Database: MySQL at {Server}, database {Database}", connection.DataSource, connection.Database);
            await db.Database.OpenConnectionAsync(ct);
            await TakeStartupLockAsync(db, ct);
            try
            {
                return await PrepareAsync(db, ct);
            }
            finally
            {
                // Released by hand: closing the context returns the connection to the pool, where the lock would stay.
                await db.Database.ExecuteSqlAsync($"DO RELEASE_LOCK({StartupLock})", CancellationToken.None);
            }
        }

        // EF Core's own migrations lock keeps SQLite instances that start together from migrating at once.
        return await PrepareAsync(db, ct);
    }

    private async Task<string?> PrepareAsync(ShopDbContext db, CancellationToken ct)
    {
        await db.Database.MigrateAsync(ct);
        if (await PricedInAnotherCurrencyAsync(db, ct) is { } problem)
        {
            return problem;
        }

        if (options.Value.SeedSampleCatalog)
        {
            await SeedOnceAsync(db, ct);
        }

        return null;
    }

    private const string StartupLock = "ecommerce.startup";

    private static readonly TimeSpan StartupLockWait = TimeSpan.FromMinutes(5);

    /// <summary>
    /// On MySQL, instances that start together on one database (a deploy of several) migrate and seed it one at a
    /// time: a named lock of the server, held by this connection until released, or until the connection drops if the instance dies.
    /// </summary>
    private static async Task TakeStartupLockAsync(ShopDbContext db, CancellationToken ct)
    {
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(StartupLockWait + TimeSpan.FromSeconds(30));
        var taken = await db.Database.SqlQuery<int?>($"SELECT GET_LOCK({StartupLock}, {(int)StartupLockWait.TotalSeconds}) AS `Value`").SingleAsync(ct);
        db.Database.SetCommandTimeout(timeout);
        if (taken != 1)
        {
            throw new InvalidOperationException($"Another instance of the shop has been migrating this database for {StartupLockWait.TotalMinutes} minutes: the start-up lock '{StartupLock}' was not free.");
        }
    }

    /// <summary>
    /// Seeds an empty catalog, in a transaction that on SQLite begins IMMEDIATE: a second instance starting on the same
    /// file waits for the first one's seed and then finds the products there.
    /// </summary>
    private async Task SeedOnceAsync(ShopDbContext db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.Products.AnyAsync(ct))
        {
            return;
        }

        await SeedAsync(db, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Prices are minor units of each product's own currency, but the cart and orders say Shop:Currency: after a
    /// switch from usd to eur, $10.00 would silently sell as €10.00.
    /// </summary>
    private async Task<string?> PricedInAnotherCurrencyAsync(ShopDbContext db, CancellationToken ct)
    {
        var currency = shop.Value.Currency;
        var others = (await db.Products.GroupBy(p => p.Currency).Select(g => new { Currency = g.Key, Count = g.Count() }).ToListAsync(ct))
            .Where(group => !string.Equals(group.Currency, currency, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(group => group.Count)
            .ToList();
        if (others.Count == 0)
        {
            return null;
        }

        var pricedIn = string.Join(", ", others.Select(group => $"{group.Count} product{(group.Count == 1 ? " is" : "s are")} priced in {group.Currency}"));
        return $"Shop:Currency is {currency}, but {pricedIn}; the cart and orders would sell those prices as {currency}. "
            + $"Set Shop:Currency (Shop__Currency) back to {others[0].Currency}, or re-price those products in {currency} first (their price and currency columns in the database).";
    }

    private async Task SeedAsync(ShopDbContext db, CancellationToken ct)
    {
        var categories = SampleCatalog.Categories.ToDictionary(c => c.Slug, c => new Category { Slug = c.Slug, Name = c.Name });
        db.Categories.AddRange(categories.Values);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (sample, index) in SampleCatalog.Products.Select((p, i) => (p, i)))
        {
            db.Products.Add(new Product
            {
                Sku = sample.Sku,
                Name = sample.Name,
                Description = sample.Description,
                Price = sample.Price,
                Currency = shop.Value.Currency,
                OnHand = sample.Stock,
                Category = categories[sample.CategorySlug],
                ImageUrl = SampleCatalog.ImageUrlFor(sample.Sku),
                // Spread over the last days, so "newest" means something in the sample shop.
                CreatedAt = now.AddHours(index - SampleCatalog.Products.Count),
            });

            // Saved one by one, so the first sample product gets id 1 on every provider.
            await db.SaveChangesAsync(ct);
        }

        logger.LogInformation("Seeded the sample catalog: {Count} products.", SampleCatalog.Products.Count);
    }
}
