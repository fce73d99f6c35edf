using Microsoft.AspNetCore.Identity;

namespace ECommerce.Core.Accounts;

public class ShopUser : IdentityUser<int>
{
    public DateTime CreatedAt { get; init; }
}
