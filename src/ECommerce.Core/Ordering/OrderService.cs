using System.Globalization;
using ECommerce.Core.Common;
using ECommerce.Core.Data;
using ECommerce.Core.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ECommerce.Core.Ordering;

/// <summary>Orders after checkout: what customers and the back office see, and what they may do to them.</summary>
public sealed class OrderService(
    IDbContextFactory<ShopDbContext> dbFactory, IPaymentGateway gateway, StripeWebhookHandler payments, ILogger<OrderService> logger)
{
    public async Task<IReadOnlyList<OrderView>> ListAsync(int userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var orders = await db.Orders.AsNoTracking().Where(o => o.UserId == userId).OrderByDescending(o => o.Id).ToListAsync(ct);
        return [.. orders.Select(OrderView.From)];
    }

    /// <summary>One of the user's orders; another user's order is as absent as one that never existed.</summary>
    public async Task<OrderView?> FindAsync(int userId, int orderId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId && o.UserId == userId, ct);
        return order is null ? null : OrderView.From(order);
    }

    /// <summary>
    /// What the payment step of one of the user's orders needs: its state, and the client secret while
    /// it can be paid. Null for another user's order, as for one that never existed.
    /// </summary>
    public async Task<OrderPaymentView?> FindPaymentAsync(int userId, int orderId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await db.Orders.AsNoTracking().IgnoreAutoIncludes()
            .Where(o => o.Id == orderId && o.UserId == userId)
            .Select(o => new { o.Id, o.Status, o.Version, o.Amount, o.Currency, o.PaymentIntentId, o.ClientSecret, o.LastPaymentError })
            .SingleOrDefaultAsync(ct);
        return order is null
            ? null
            : new OrderPaymentView(
                order.Id,
                order.Status.ToApiName(),
                order.Version,
                order.Amount,
                order.Currency,
                order.Status == OrderStatus.Pending ? order.PaymentIntentId : null,
                order.Status == OrderStatus.Pending ? order.ClientSecret : null,
                order.LastPaymentError);
    }

    /// <summary>Where the user's latest order with an address went, to fill in the next checkout; null if none had one.</summary>
    public async Task<ShippingAddress?> LastShippingAddressAsync(int userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Orders.AsNoTracking().IgnoreAutoIncludes()
            .Where(o => o.UserId == userId && o.ShippingAddress != null)
            .OrderByDescending(o => o.Id)
            .Select(o => o.ShippingAddress)
            .FirstOrDefaultAsync(ct);
    }

    public async Task<Result<OrderView>> CancelAsync(int userId, int orderId, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!await db.Orders.AnyAsync(o => o.Id == orderId && o.UserId == userId, ct))
            {
                return new NotFoundFailure($"Order {orderId} was not found.");
            }
        }

        return await CancelPendingAsync(orderId, ct);
    }

    /// <summary>
    /// Cancels a pending order: first its PaymentIntent, so the customer can no longer pay, then the
    /// order itself with its stock released, in one transaction. A payment that already went through
    /// wins: it is applied to the order as its <c>succeeded</c> event would be.
    /// </summary>
    public async Task<Result<OrderView>> CancelPendingAsync(int orderId, CancellationToken ct = default)
    {
        string? paymentIntentId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId, ct);
            if (order.Status != OrderStatus.Pending)
            {
                return NotPending(order);
            }

            paymentIntentId = order.PaymentIntentId;
        }

        if (paymentIntentId is not null && await CancelPaymentIntentAsync(orderId, paymentIntentId, ct) is { } stop)
        {
            return stop;
        }

        return await dbFactory.InTransactionAsync<OrderView>(
            async db =>
            {
                var order = await db.Orders.SingleAsync(o => o.Id == orderId, ct);
                if (order.Status != OrderStatus.Pending)
                {
                    return NotPending(order);
                }

                order.Cancel();
                // Saves the order first (OrderStock), then gives its stock back.
                await db.ReleaseAsync(order, ct);
                return OrderView.From(order);
            },
            ct);
    }

    /// <summary>
    /// All users' orders, newest first, optionally of one status and matching <paramref name="search"/>:
    /// an order id (<c>42</c> or <c>#42</c>) or a username (whole, any letter case); a page at a time.
    /// </summary>
    public async Task<Result<Paged<AdminOrderView>>> ListAllAsync(
        OrderStatus? status, string? search = null, int page = 1, int pageSize = Paging.DefaultPageSize, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        Paging.Validate(page, pageSize, errors);
        if (errors.Count > 0)
        {
            return new ValidationFailure(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var orders = WithUsernames(db);
        if (status is { } wanted)
        {
            orders = orders.Where(r => r.Order.Status == wanted);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            // Identity stores usernames upper-cased (invariant) for lookups.
            var username = search.Trim().ToUpperInvariant();
            orders = int.TryParse(search.Trim().TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? orders.Where(r => r.Order.Id == id || r.NormalizedUsername == username)
                : orders.Where(r => r.NormalizedUsername == username);
        }

        var (items, total) = await orders.OrderByDescending(r => r.Order.Id).PageAsync(db, page, pageSize, ct);
        return new Paged<AdminOrderView>([.. items.Select(r => r.ToView())], page, pageSize, total);
    }

    /// <summary>Any user's order, for the back office.</summary>
    public async Task<AdminOrderView?> FindForAdminAsync(int orderId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await WithUsernames(db).SingleOrDefaultAsync(r => r.Order.Id == orderId, ct))?.ToView();
    }

    public Task<Result<OrderView>> ShipAsync(int orderId, CancellationToken ct = default) =>
        dbFactory.InTransactionAsync<OrderView>(
            async db =>
            {
                var order = await db.Orders.SingleOrDefaultAsync(o => o.Id == orderId, ct);
                if (order is null)
                {
                    return new NotFoundFailure($"Order {orderId} was not found.");
                }

                if (!order.CanMoveTo(OrderStatus.Shipped))
                {
                    return new ConflictFailure($"Order {orderId} is {order.Status.ToApiName()}; only paid orders can be shipped.");
                }

                order.Ship();
                await db.SaveChangesAsync(ct);
                return OrderView.From(order);
            },
            ct);

    /// <summary>Gives a paid or shipped order's money back through the payment provider, then marks it refunded.</summary>
    public async Task<Result<OrderView>> RefundAsync(int orderId, CancellationToken ct = default)
    {
        Order? order;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, ct);
        }

        if (order is null)
        {
            return new NotFoundFailure($"Order {orderId} was not found.");
        }

        if (!order.IsPaidFor || order.PaymentIntentId is null)
        {
            return new ConflictFailure($"Order {orderId} is {order.Status.ToApiName()}; only paid or shipped orders can be refunded.");
        }

        try
        {
            await gateway.RefundAsync(order.PaymentIntentId, $"refund-{order.IdempotencyKey}", ct);
        }
        catch (PaymentGatewayException e)
        {
            logger.LogWarning(e, "Refunding order {OrderId} failed.", orderId);
            // The provider's own words (Stripe: "Charge ... has already been refunded.") tell the admin what to do next.
            return new PaymentProviderFailure($"The payment provider did not refund the payment; nothing changed. {e.Message}");
        }

        return await dbFactory.InTransactionAsync<OrderView>(
            async db =>
            {
                var current = await db.Orders.SingleAsync(o => o.Id == orderId, ct);
                if (current.Status != OrderStatus.Refunded)
                {
                    // The charge.refunded event may have got here first; either way the order ends refunded.
                    current.MarkRefunded();
                    await db.SaveChangesAsync(ct);
                }

                return OrderView.From(current);
            },
            ct);
    }

    /// <summary>Cancels the order's PaymentIntent first, so nobody can pay it any more; a failure says why the order must stay pending.</summary>
    private async Task<Failure?> CancelPaymentIntentAsync(int orderId, string paymentIntentId, CancellationToken ct)
    {
        try
        {
            switch (await gateway.CancelPaymentIntentAsync(paymentIntentId, ct))
            {
                case CancelOutcome.AlreadySucceeded paid:
                    await payments.SettleSucceededAsync(paid, ct);
                    return new ConflictFailure($"Order {orderId} has already been paid; it can no longer be canceled.");
                case CancelOutcome.Unknown:
                    // Nobody can pay through this shop an intent its Stripe account does not know; a payment made elsewhere still lands as a late payment.
                    logger.LogWarning("Stripe does not know PaymentIntent {PaymentIntentId} of order {OrderId} (were the API keys changed?); canceling the order.", paymentIntentId, orderId);
                    return null;
                default:
                    return null;
            }
        }
        catch (PaymentGatewayException e)
        {
            logger.LogWarning(e, "Canceling the PaymentIntent of order {OrderId} failed.", orderId);
            return new PaymentProviderFailure("The payment provider could not cancel the payment; please try again.");
        }
    }

    private static IQueryable<OrderWithUser> WithUsernames(ShopDbContext db) =>
        from order in db.Orders.AsNoTracking()
        join user in db.Users on order.UserId equals user.Id
        select new OrderWithUser { Order = order, Username = user.UserName ?? "", NormalizedUsername = user.NormalizedUserName };

    // Initialized members rather than a constructor, so that EF can still filter and sort on them.
    private sealed class OrderWithUser
    {
        public required Order Order { get; init; }

        public required string Username { get; init; }

        public string? NormalizedUsername { get; init; }

        public AdminOrderView ToView() => new(OrderView.From(Order), Username);
    }

    private static ConflictFailure NotPending(Order order) => order.Status == OrderStatus.Placing
        ? new($"Order {order.Id} is still being checked out: its payment is being set up. Try again in a moment.")
        : new($"Order {order.Id} is {order.Status.ToApiName()}; only pending orders can be canceled.");
}
