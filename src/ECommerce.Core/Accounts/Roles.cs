namespace ECommerce.Core.Accounts;

public static class Roles
{
    public const string Admin = "admin";
}
