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
/// across the call to the payment provider: reserve the stock, place the order and take the lines
/// out of the cart; create the PaymentIntent; attach it to the order. When the provider fails, the
/// first step is undone: the stock released, the order removed, the lines back in the cart.
/// </summary>
public sealed class CheckoutService(
    IDbContextFactory<ShopDbContext> dbFactory,
    IPaymentGateway gateway,
    IOptions<ShopOptions> shop,
    TimeProvider time,
    ILogger<CheckoutService> logger)
{
    public async Task<Result<CheckoutView>> CheckoutAsync(int userId, CancellationToken ct = default)
    {
        var placed = await dbFactory.InTransactionAsync(db => PlaceOrderAsync(db, userId, ct), ct);
        if (placed.Failure is { } failure)
        {
            return failure;
        }

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
            await dbFactory.InTransactionAsync(db => UndoOrderAsync(db, order), CancellationToken.None);
            return new PaymentProviderFailure("The payment provider refused the payment or could not be reached. Nothing was charged and your cart is unchanged; please try again.");
        }

        await dbFactory.InTransactionAsync(db => AttachPaymentIntentAsync(db, order.Id, intent), CancellationToken.None);
        return new CheckoutView(order.Id, OrderStatus.Pending.ToApiName(), order.Amount, order.Currency, intent.ClientSecret, intent.Id);
    }

    private async Task<Result<Order>> PlaceOrderAsync(ShopDbContext db, int userId, CancellationToken ct)
    {
        var lines = await db.CartItems
            .Where(i => i.UserId == userId)
            .Select(i => new { i.ProductId, i.Quantity, i.Product.Name, i.Product.Price, i.Product.Archived })
            .ToListAsync(ct);
        if (lines.Count == 0)
        {
            return ValidationFailure.For("cart", "Your cart is empty.");
        }

        if (lines.FirstOrDefault(l => l.Archived) is { } gone)
        {
            return new ConflictFailure($"{gone.Name} is no longer sold; remove it from your cart.");
        }

        if (!await db.TryReserveAsync(lines.Select(l => (l.ProductId, l.Quantity)), ct))
        {
            return new ConflictFailure("Some items in your cart are no longer in stock in the quantity you chose.");
        }

        var order = Order.Place(
            userId,
            shop.Value.Currency,
            lines.Select(l => new OrderLine { ProductId = l.ProductId, Name = l.Name, UnitPrice = l.Price, Quantity = l.Quantity }),
            time.GetUtcNow().UtcDateTime);
        db.Orders.Add(order);
        await db.SaveChangesAsync(ct);

        // Taking the lines out now makes a second checkout of the same cart (a double click) find it empty.
        if (await db.CartItems.Where(i => i.UserId == userId).ExecuteDeleteAsync(ct) != lines.Count)
        {
            return new ConflictFailure("Your cart changed while checking out; please review it and try again.");
        }

        return order;
    }

    private static async Task<Result<bool>> UndoOrderAsync(ShopDbContext db, Order placed)
    {
        var order = await db.Orders.SingleAsync(o => o.Id == placed.Id);
        await db.ReleaseAsync(order, CancellationToken.None);
        db.Orders.Remove(order);
        foreach (var line in order.Lines)
        {
            var restored = await db.CartItems
                .Where(i => i.UserId == order.UserId && i.ProductId == line.ProductId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Quantity, i => i.Quantity + line.Quantity));
            if (restored == 0)
            {
                db.CartItems.Add(new CartItem { UserId = order.UserId, ProductId = line.ProductId, Quantity = line.Quantity });
            }
        }

        await db.SaveChangesAsync();
        return true;
    }

    private static async Task<Result<bool>> AttachPaymentIntentAsync(ShopDbContext db, int orderId, PaymentIntentHandle intent)
    {
        var order = await db.Orders.SingleAsync(o => o.Id == orderId);
        order.AttachPaymentIntent(intent.Id, intent.ClientSecret);
        await db.SaveChangesAsync();
        return true;
    }
}
