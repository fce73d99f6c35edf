using ECommerce.Core.Accounts;
using ECommerce.Core.Cart;
using ECommerce.Core.Catalog;
using ECommerce.Core.Ordering;
using ECommerce.Core.Payments;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ECommerce.Core.Data;

public class ShopDbContext(DbContextOptions<ShopDbContext> options)
    : IdentityDbContext<ShopUser, IdentityRole<int>, int>(options), IDataProtectionKeyContext
{
    /// <summary>The keys of cookies and antiforgery tokens, shared by every instance of the shop.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<CartItem> CartItems => Set<CartItem>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<ProcessedWebhookEvent> ProcessedWebhookEvents => Set<ProcessedWebhookEvent>();

    private readonly HashSet<int> _changedProducts = [];

    /// <summary>
    /// Notes that this context changed a product (its details, price, stock or archiving), for
    /// <see cref="Catalog.ICatalogCache"/> to hear once the change commits. Changes saved through the change tracker are
    /// noted by themselves (<see cref="Catalog.CatalogChangesInterceptor"/>); a bulk UPDATE must call this.
    /// </summary>
    internal void ProductChanged(int productId) => _changedProducts.Add(productId);

    /// <summary>The products in the change tracker's save under way: their ids are known only once it is done.</summary>
    internal List<Product> ProductsBeingSaved { get; } = [];

    internal IReadOnlyCollection<int> TakeChangedProducts()
    {
        int[] changed = [.. _changedProducts];
        _changedProducts.Clear();
        return changed;
    }

    /// <summary>A pooled context comes back clean, whatever its last user left noted.</summary>
    public override ValueTask DisposeAsync()
    {
        Forget();
        return base.DisposeAsync();
    }

    public override void Dispose()
    {
        Forget();
        base.Dispose();
    }

    private void Forget()
    {
        _changedProducts.Clear();
        ProductsBeingSaved.Clear();
    }

    /// <summary>Times are stored as UTC without an offset (SQLite and MariaDB both drop it) and read back as UTC.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ShopUser>(user => user.Property(u => u.CreatedAt));

        builder.Entity<Category>(category =>
        {
            category.HasIndex(c => c.Slug).IsUnique();
            category.Property(c => c.Slug).HasMaxLength(64);
            category.Property(c => c.Name).HasMaxLength(128);
        });

        builder.Entity<Product>(product =>
        {
            product.HasIndex(p => p.Sku).IsUnique();
            // One per sort of the catalog (name, price, newest), so a page is read in order instead of sorted.
            product.HasIndex(p => new { p.Archived, p.Name });
            product.HasIndex(p => new { p.Archived, p.Price });
            product.HasIndex(p => new { p.Archived, p.CreatedAt });
            // Counts a category's products on sale from the index alone (the catalog's category list, on every page).
            product.HasIndex(p => new { p.CategoryId, p.Archived });
            product.Property(p => p.Sku).HasMaxLength(64);
            product.Property(p => p.Name).HasMaxLength(200);
            product.Property(p => p.Description).HasMaxLength(4000);
            product.Property(p => p.Currency).HasMaxLength(3);
            product.Property(p => p.ImageUrl).HasMaxLength(500);
            product.Property(p => p.Reserved);
            product.Ignore(p => p.Available);
            product.HasOne(p => p.Category).WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
            product.ToTable(t =>
            {
                t.HasCheckConstraint("CK_Products_Reserved", "Reserved >= 0");
                t.HasCheckConstraint("CK_Products_Stock", "OnHand >= Reserved");
            });
        });

        builder.Entity<CartItem>(item =>
        {
            // One line per product in each cart; NULLs are distinct in both indexes, on SQLite and MariaDB alike.
            item.HasIndex(i => new { i.UserId, i.ProductId }).IsUnique();
            item.HasIndex(i => new { i.GuestCartId, i.ProductId }).IsUnique();
            item.Property(i => i.GuestCartId).HasMaxLength(CartOwner.Guest.IdLength).IsFixedLength();
            item.ToTable(t => t.HasCheckConstraint("CK_CartItems_Owner", "(UserId IS NULL) <> (GuestCartId IS NULL)"));
            item.HasOne<ShopUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
            item.HasOne(i => i.Product).WithMany().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Order>(order =>
        {
            order.HasIndex(o => new { o.UserId, o.Id });
            order.HasIndex(o => o.PaymentIntentId).IsUnique();
            order.HasIndex(o => new { o.Status, o.CreatedAt });
            order.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
            order.Property(o => o.Currency).HasMaxLength(3);
            order.Property(o => o.PaymentIntentId).HasMaxLength(255);
            order.Property(o => o.ClientSecret).HasMaxLength(255);
            order.Property(o => o.PaymentNonce).HasMaxLength(16);
            order.Property(o => o.LastPaymentError).HasMaxLength(1000);
            order.Property(o => o.Version).IsConcurrencyToken();
            order.Ignore(o => o.IdempotencyKey);
            order.OwnsOne(o => o.ShippingAddress, address =>
            {
                address.Property(a => a.Name).HasMaxLength(ShippingAddress.MaxLength);
                address.Property(a => a.Line1).HasMaxLength(ShippingAddress.MaxLength);
                address.Property(a => a.Line2).HasMaxLength(ShippingAddress.MaxLength);
                address.Property(a => a.City).HasMaxLength(ShippingAddress.MaxLength);
                address.Property(a => a.PostalCode).HasMaxLength(ShippingAddress.MaxLength);
                address.Property(a => a.Country).HasMaxLength(2);
            });
            order.HasOne<ShopUser>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Restrict);
            order.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
            order.Navigation(o => o.Lines).AutoInclude();
        });

        builder.Entity<OrderLine>(line =>
        {
            line.Property(l => l.Name).HasMaxLength(200);
            line.Ignore(l => l.LineTotal);
        });

        builder.Entity<ProcessedWebhookEvent>(evt =>
        {
            evt.HasKey(e => e.EventId);
            evt.Property(e => e.EventId).HasMaxLength(255);
            evt.Property(e => e.Type).HasMaxLength(100);
            evt.Property(e => e.Outcome).HasMaxLength(200);
            evt.HasIndex(e => e.ProcessedAt);
        });
    }
}

internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    toStore => toStore.ToUniversalTime(), fromStore => DateTime.SpecifyKind(fromStore, DateTimeKind.Utc));
