using Microsoft.AspNetCore.Identity;

namespace ECommerce.Core.Accounts;

public class ShopUser : IdentityUser<int>
{
    public DateTime CreatedAt { get; init; }

    /// <summary>Written at the start of each checkout, which locks the row: one account's checkouts run one at a time.</summary>
    public DateTime? LastCheckoutAt { get; set; }
}
