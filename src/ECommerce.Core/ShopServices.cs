using ECommerce.Core.Accounts;
using ECommerce.Core.Cart;
using ECommerce.Core.Catalog;
using ECommerce.Core.Data;
using ECommerce.Core.Ordering;
using ECommerce.Core.Payments;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ECommerce.Core;

public static class ShopServices
{
    /// <summary>Everything the shop's use cases need: storage, accounts, catalog, cart, checkout and payments.</summary>
    public static IServiceCollection AddShop(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ShopOptions>(configuration.GetSection(ShopOptions.Section));
        services.AddOptions<CheckoutOptions>()
            .Bind(configuration.GetSection(CheckoutOptions.Section))
            .Validate(
                o => o.SweepInterval >= TimeSpan.FromMilliseconds(1) && o.SweepInterval <= CheckoutOptions.MaxSweepInterval,
                $"Checkout:SweepInterval must be between 1 ms and {CheckoutOptions.MaxSweepInterval.TotalDays:0} days (a timer's longest period).")
            .Validate(o => o.ReservationTimeout > TimeSpan.Zero, "Checkout:ReservationTimeout must be longer than zero.")
            .Validate(o => o.SweepBatchSize > 0 && o.MaxPendingOrders > 0, "Checkout:SweepBatchSize and Checkout:MaxPendingOrders must be at least 1.")
            .ValidateOnStart();
        services.AddOptions<OrderOptions>()
            .Bind(configuration.GetSection(OrderOptions.Section))
            .Validate(o => o.StatusPollInterval > TimeSpan.Zero, "Orders:StatusPollInterval must be longer than zero.")
            .ValidateOnStart();
        services.Configure<JwtOptions>(configuration.GetSection(JwtOptions.Section));
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.TryAddSingleton(TimeProvider.System);

        services.AddShopDatabase(configuration);
        services.AddIdentityCore<ShopUser>(options =>
            {
                options.User.RequireUniqueEmail = false;
                options.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@";
                options.Password.RequiredLength = AccountService.MinimumPasswordLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = configuration.GetValue("Accounts:LockoutDuration", TimeSpan.FromMinutes(15));
            })
            .AddRoles<IdentityRole<int>>()
            .AddEntityFrameworkStores<ShopDbContext>();

        services.AddScoped<AccountService>();
        services.AddSingleton<TokenIssuer>();
        services.AddScoped<AdminAccount>();
        services.AddSingleton<CatalogService>();
        services.AddSingleton<AdminCatalogService>();
        services.AddSingleton<CartService>();
        services.AddSingleton<CheckoutService>();
        services.AddSingleton<OrderService>();
        services.AddSingleton<OrderExpiry>();
        services.AddSingleton<OrderStatusFeed>();
        services.AddHostedService<MaintenanceWorker>();
        services.AddPayments(configuration);
        return services;
    }

    private static void AddShopDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString("Default");
        services.TryAddSingleton<ICatalogCache, NoCatalogCache>();
        services.AddSingleton<CatalogChangesInterceptor>();
        // Pooled: a catalog read would otherwise spend more time building its context than querying.
        services.AddPooledDbContextFactory<ShopDbContext>((sp, options) =>
        {
            options.AddInterceptors(sp.GetRequiredService<CatalogChangesInterceptor>());
            // A failed statement, save, connection or transaction reaches its caller, which expects some (a duplicate
            // webhook event, a lost race it retries, a request its client gave up on, which cancels the connection's
            // opening or the commit) and lets the rest through to whoever logs them: EF's own error entries would cry wolf.
            options.ConfigureWarnings(w => w.Log(
                (RelationalEventId.CommandError, LogLevel.Debug),
                (RelationalEventId.ConnectionError, LogLevel.Debug),
                (RelationalEventId.TransactionError, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (CoreEventId.OptimisticConcurrencyException, LogLevel.Debug)));
            if (database.IsMySql)
            {
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException("Database:Provider is MySql but ConnectionStrings:Default is not set.");
                }

                options.UseMySql(connectionString, ServerVersion.Parse(database.ServerVersion), mysql => mysql.MigrationsAssembly("ECommerce.Migrations.MySql"));
            }
            else if (database.IsSqlite)
            {
                var file = Path.Combine(database.DataDirectory, "ecommerce.db");
                options.UseSqlite(connectionString ?? $"Data Source={file}", sqlite => sqlite.MigrationsAssembly("ECommerce.Migrations.Sqlite"))
                    .AddInterceptors(new SqliteWriters.BusyTimeout());
            }
            else
            {
                throw new InvalidOperationException($"Database:Provider must be Sqlite or MySql, not '{database.Provider}'.");
            }
        });
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<ShopDbContext>>().CreateDbContext());
        services.AddSingleton<ShopDatabase>();
    }

    private static void AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        var payments = configuration.GetSection(PaymentOptions.Section).Get<PaymentOptions>() ?? new PaymentOptions();
        services.Configure<PaymentOptions>(configuration.GetSection(PaymentOptions.Section));
        services.AddSingleton<StripeWebhookHandler>();
        if (payments.UsesStripe)
        {
            services.AddSingleton<Stripe.IStripeClient>(new Stripe.StripeClient(new Stripe.StripeClientOptions
            {
                ApiKey = payments.SecretKey,
                ApiBase = string.IsNullOrWhiteSpace(payments.ApiBase) ? null : payments.ApiBase,
                // Each try ends within the timeout too; StripePaymentGateway bounds the tries together.
                HttpClient = new Stripe.SystemNetHttpClient(
                    new HttpClient { Timeout = payments.Timeout }, Stripe.SystemNetHttpClient.DefaultMaxNumberRetries),
            }));
            services.AddSingleton<IPaymentGateway, StripePaymentGateway>();
        }
        else
        {
            // Offline test payments sign their own events; without a configured secret they make one up per run.
            services.PostConfigure<PaymentOptions>(o => o.WebhookSecret ??= $"whsec_test_{TestPaymentGateway.RandomToken(32)}");
            services.AddSingleton<TestPaymentGateway>();
            services.AddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<TestPaymentGateway>());
            services.AddSingleton<TestPayments>();
        }
    }
}
