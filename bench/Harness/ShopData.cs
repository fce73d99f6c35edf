using ECommerce.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ECommerce.Bench;

/// <summary>The shop's own EF Core model, on the database the app under test has migrated.</summary>
public static class ShopData
{
    public static IDbContextFactory<ShopDbContext> Factory(Options options)
    {
        var builder = new DbContextOptionsBuilder<ShopDbContext>();
        if (options.IsMySql)
        {
            builder.UseMySql(options["connection"], ServerVersion.Parse(options["server-version"]));
        }
        else
        {
            builder.UseSqlite(options["connection"]);
        }

        return new PooledDbContextFactory<ShopDbContext>(builder.Options);
    }
}
