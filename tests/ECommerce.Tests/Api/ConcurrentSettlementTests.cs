using System.Data.Common;
using ECommerce.Core.Data;
using ECommerce.Core.Ordering;
using ECommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.Tests.Api;

/// <summary>
/// Two settlements of one order that read it at the same moment, inside their transactions: one wins, the other
/// loses on the order's version and is retried, before it can reach the stock the first one moved. On MariaDB
/// only: SQLite starts every transaction with <c>BEGIN IMMEDIATE</c>, so there the second cannot read until the
/// first has committed.
/// </summary>
[Trait(Providers.Trait, "MariaDb")]
public sealed class ConcurrentSettlementTests(MariaDbShop shop) : IClassFixture<MariaDbShop>
{
    [Fact]
    public async Task Two_sweeps_that_read_the_same_expired_order_at_once_cancel_it_once_and_put_nothing_off()
    {
        // The order holds all of its product's reservation, so a second release would find none to give back.
        var product = await shop.CreateProductAsync(stock: 5);
        var client = await shop.SignedInAsync();
        await client.AddToCartAsync(product.Id, 2);
        var checkout = await client.CheckOutAsync();
        shop.Clock.Advance(TimeSpan.FromMinutes(31));
        var meeting = new OrderReadsMeet(checkout.OrderId);
        await using var app = shop.StartAnotherApp(services => services.ConfigureDbContext<ShopDbContext>(o => o.AddInterceptors(meeting)));
        await using var otherInstance = app.Services.CreateAsyncScope();

        await Task.WhenAll(
            app.Services.GetRequiredService<OrderExpiry>().ExpireAsync(),
            ActivatorUtilities.CreateInstance<OrderExpiry>(otherInstance.ServiceProvider).ExpireAsync());

        meeting.Met.ShouldBeTrue("Both sweeps should have read the pending order in their transactions before either changed it.");
        var order = await shop.QueryAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Id == checkout.OrderId));
        (order.Status, order.NextSweepAt).ShouldBe((OrderStatus.Canceled, (DateTime?)null));
        var after = await shop.ProductAsync(product.Id);
        (after.OnHand, after.Reserved, after.Stock).ShouldBe((5, 0, 5));
    }

    /// <summary>Holds the first two reads of one order inside a transaction until both have been made, so two settlements start from the same state.</summary>
    private sealed class OrderReadsMeet(int orderId) : DbCommandInterceptor
    {
        private readonly TaskCompletionSource _both = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _reads;
        private bool _waitedInVain;

        /// <summary>True when the second read came while the first was still held.</summary>
        public bool Met => _both.Task.IsCompletedSuccessfully && !Volatile.Read(ref _waitedInVain);

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(
            DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (command.Transaction is not null
                && command.CommandText.Contains("Orders", StringComparison.Ordinal)
                && command.Parameters.Cast<DbParameter>().Any(p => Equals(p.Value, orderId))
                && Interlocked.Increment(ref _reads) is var read and <= 2)
            {
                if (read == 2)
                {
                    _both.TrySetResult();
                }

                // Bounded, so a code path where the second read never comes fails the assertion instead of hanging.
                try
                {
                    await _both.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
                }
                catch (TimeoutException)
                {
                    Volatile.Write(ref _waitedInVain, true);
                }
            }

            return result;
        }
    }
}
