using ECommerce.Core.Cart;
using ECommerce.Core.Common;
using ECommerce.Core.Data;
using ECommerce.Core.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ECommerce.Core.Ordering;

/// <summary>
/// Turns a cart into a pending order with a PaymentIntent. Three short steps, no transaction held
/// across the call to the payment provider: reserve the stock, place the order (status
/// <see cref="OrderStatus.Placing"/>) and take the lines out of the cart; create the PaymentIntent;
/// attach it, which makes the order pending. When the provider fails, the first step is undone: the
/// stock released, the order removed, the lines back in the cart. Attach and undo each act only on an
/// order still placing, and nothing else acts on one, so the two can never both happen.
/// </summary>
public sealed class CheckoutService(
    IDbContextFactory<ShopDbContext> dbFactory,
    IPaymentGateway gateway,
    IOptions<ShopOptions> shop,
    IOptions<CheckoutOptions> options,
    TimeProvider time,
    ILogger<CheckoutService> logger)
{
    // The reads of a checkout, compiled: EF skips building their expressions, extracting parameters and the cache lookup.
    // Not static: a compiled query serves the one model it first ran with, and a process may host several shops.
    private readonly Func<ShopDbContext, int, IAsyncEnumerable<CartLine>> _cartOf = EF.CompileAsyncQuery(
        (ShopDbContext db, int userId) => db.CartItems
            .Where(i => i.UserId == userId)
            .Select(i => new CartLine(i.ProductId, i.Quantity, i.Product.Name, i.Product.Price, i.Product.Archived)));

    private readonly Func<ShopDbContext, int, CancellationToken, Task<int>> _unpaidOrdersOf = EF.CompileAsyncQuery(
        (ShopDbContext db, int userId, CancellationToken ct) =>
            db.Orders.Count(o => o.UserId == userId && (o.Status == OrderStatus.Pending || o.Status == OrderStatus.Placing)));

    /// <param name="shippingAddress">Where the order goes, validated here; optional (the API's digital goods).</param>
    public async Task<Result<CheckoutView>> CheckoutAsync(int userId, ShippingAddressInput? shippingAddress = null, CancellationToken ct = default)
    {
        ShippingAddress? address = null;
        if (shippingAddress is not null)
        {
            var valid = ShippingAddress.From(shippingAddress);
            if (valid.Failure is { } invalid)
            {
                return invalid;
            }

            address = valid.Value;
        }

        var placed = await dbFactory.InTransactionAsync(db => PlaceOrderAsync(db, userId, address, ct), ct);
        if (placed.Failure is { } failure)
        {
            return failure;
        }

        // From here on the caller's cancellation is not honoured: the checkout ends attached or undone.
        var order = placed.Value;
        PaymentIntentHandle intent;
        try
        {
            intent = await gateway.CreatePaymentIntentAsync(
                new PaymentIntentRequest(order.Id, order.Amount, order.Currency, order.IdempotencyKey), CancellationToken.None);
        }
        catch (PaymentGatewayException e)
        {
            logger.LogWarning(e, "Creating the PaymentIntent of order {OrderId} failed; undoing the order.", order.Id);
            await UndoAsync(order.Id, CancellationToken.None);
            return new PaymentProviderFailure("The payment provider refused the payment or could not be reached. Nothing was charged and your cart is unchanged; please try again.");
        }

        if (!await AttachPaymentIntentAsync(order.Id, intent))
        {
            // Only an order abandoned by the sweeper (this request outlived every timeout) is no longer placing.
            logger.LogError("Order {OrderId} was undone before PaymentIntent {PaymentIntentId} could be attached.", order.Id, intent.Id);
            await CancelOrphanAsync(intent.Id);
            return new PaymentProviderFailure("The checkout took too long and was undone. Nothing was charged and your cart is unchanged; please try again.");
        }

        return new CheckoutView(order.Id, OrderStatus.Pending.ToApiName(), order.Amount, order.Currency, intent.ClientSecret, intent.Id);
    }

    /// <summary>
    /// Cancels a PaymentIntent whose order is gone, so it does not linger at the provider. Nobody can pay it (its client
    /// secret was never handed out), so a failure here is logged and left.
    /// </summary>
    private async Task CancelOrphanAsync(string paymentIntentId)
    {
        try
        {
            await gateway.CancelPaymentIntentAsync(paymentIntentId, CancellationToken.None);
        }
        catch (PaymentGatewayException e)
        {
            logger.LogWarning(e, "Canceling PaymentIntent {PaymentIntentId}, whose order was undone, failed; nobody holds its client secret.", paymentIntentId);
        }
    }

    /// <summary>
    /// Undoes the first step of a checkout that never finished: its stock released, the order gone, its
    /// lines back in the cart. Does nothing unless the order is still placing.
    /// </summary>
    public async Task<bool> UndoAsync(int orderId, CancellationToken ct) =>
        (await dbFactory.InTransactionAsync(db => UndoAsync(db, orderId, time.GetUtcNow().UtcDateTime, ct), ct)).Succeeded;

    private async Task<Result<Order>> PlaceOrderAsync(ShopDbContext db, int userId, ShippingAddress? address, CancellationToken ct)
    {
        // Locks the account's row first: its checkouts queue here, so the limit of pending orders holds on any number of instances.
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastCheckoutAt, time.GetUtcNow().UtcDateTime), ct);

        var lines = await _cartOf(db, userId).ToListAsync(ct);
        if (lines.Count == 0)
        {
            return ValidationFailure.For("cart", "Your cart is empty.");
        }

        if (lines.FirstOrDefault(l => l.Archived) is { } gone)
        {
            return new ConflictFailure($"{gone.Name} is no longer sold; remove it from your cart.");
        }

        var currency = shop.Value.Currency;
        var minimum = MinimumCharge.For(currency);
        if (lines.Sum(l => l.Price * l.Quantity) < minimum)
        {
            return ValidationFailure.For(
                "cart", $"The total is below {Money.Format(minimum, currency)}, the smallest amount the payment provider can charge; add more to your cart.");
        }

        var max = options.Value.MaxPendingOrders;
        if (await _unpaidOrdersOf(db, userId, ct) >= max)
        {
            return new ConflictFailure($"You already have {max} unpaid orders; pay for or cancel one of them before checking out again.");
        }

        if (!await db.TryReserveAsync(lines.Select(l => (l.ProductId, l.Quantity)), ct))
        {
            return new ConflictFailure("Some items in your cart are no longer in stock in the quantity you chose.");
        }

        var order = Order.Place(
            userId,
            currency,
            lines.Select(l => new OrderLine { ProductId = l.ProductId, Name = l.Name, UnitPrice = l.Price, Quantity = l.Quantity }),
            time.GetUtcNow().UtcDateTime,
            address);
        db.Orders.Add(order);
        await db.SaveChangesAsync(ct);

        // Taking the lines out now makes a second checkout of the same cart (a double click) find it empty.
        if (await db.CartItems.Where(i => i.UserId == userId).ExecuteDeleteAsync(ct) != lines.Count)
        {
            return new ConflictFailure("Your cart changed while checking out; please review it and try again.");
        }

        return order;
    }

    private static async Task<Result<bool>> UndoAsync(ShopDbContext db, int orderId, DateTime now, CancellationToken ct)
    {
        var order = await db.Orders.SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is not { Status: OrderStatus.Placing })
        {
            return new ConflictFailure($"Order {orderId} is no longer being placed; there is nothing to undo.");
        }

        var lines = order.Lines.ToList();
        db.Orders.Remove(order);
        await db.ReleaseAsync(order, ct);
        foreach (var line in lines)
        {
            var restored = await db.CartItems
                .Where(i => i.UserId == order.UserId && i.ProductId == line.ProductId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Quantity, i => i.Quantity + line.Quantity).SetProperty(i => i.UpdatedAt, now), ct);
            if (restored == 0)
            {
                db.CartItems.Add(new CartItem { UserId = order.UserId, ProductId = line.ProductId, Quantity = line.Quantity, UpdatedAt = now });
            }
        }

        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Placing → pending (<see cref="Order"/>'s transitions) with the PaymentIntent attached, in one
    /// conditional UPDATE: no transaction, nothing read first. The version moves as every change of an
    /// order does, so an undo or a sweep that read the order before this fails its own check.
    /// </summary>
    private async Task<bool> AttachPaymentIntentAsync(int orderId, PaymentIntentHandle intent)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        using var turn = await SqliteWriters.TakeTurnAsync(db, CancellationToken.None);
        return await db.Orders
            .Where(o => o.Id == orderId && o.Status == OrderStatus.Placing)
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Status, OrderStatus.Pending)
                .SetProperty(o => o.PaymentIntentId, intent.Id)
                .SetProperty(o => o.ClientSecret, intent.ClientSecret)
                .SetProperty(o => o.Version, o => o.Version + 1)) == 1;
    }

    private sealed record CartLine(int ProductId, int Quantity, string Name, long Price, bool Archived);
}
