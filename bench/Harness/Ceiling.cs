using System.Data.Common;
using System.Text.Json;
using ECommerce.Core.Catalog;
using ECommerce.Core.Common;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Data.Sqlite;
using MySqlConnector;

namespace ECommerce.Bench;

/// <summary>
/// The references the shop is measured against, in the same run: a bare ASP.NET Core endpoint, and the
/// shop's default catalog listing (page 1 of 20, by name, with the count) done with raw ADO.NET and
/// serialised in the API's JSON shape.
/// </summary>
public static class Ceiling
{
    // What EF Core sends for the shop's listing (the same SQL on both providers): the count, then the
    // page, on one pooled connection.
    private const string CountSql = "SELECT COUNT(*) FROM Products AS p WHERE NOT (p.Archived)";

    private const string PageSql = """
        SELECT p0.Id, p0.Sku, p0.Name, p0.Description, p0.Price, p0.Currency, p0.OnHand - p0.Reserved, c.Slug, COALESCE(p0.ImageUrl, @placeholder)
        FROM (
            SELECT p.Id, p.Archived, p.CategoryId, p.Currency, p.Description, p.ImageUrl, p.Name, p.OnHand, p.Price, p.Reserved, p.Sku
            FROM Products AS p
            WHERE NOT (p.Archived)
            ORDER BY p.Archived, p.Name, p.Id
            LIMIT @take OFFSET @skip
        ) AS p0
        INNER JOIN Categories AS c ON p0.CategoryId = c.Id
        ORDER BY p0.Archived, p0.Name, p0.Id
        """;

    public static async Task<int> RunAsync(Options options)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls(options["urls"]);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        var app = builder.Build();

        var connectionString = options["connection"];
        Func<DbConnection> connect = options.IsMySql
            ? () => new MySqlConnection(connectionString)
            : () => new SqliteConnection(connectionString);

        app.MapGet("/noop", () => "ok");
        app.MapGet("/raw/products", async (CancellationToken ct) => TypedResults.Ok(await FirstPageAsync(connect, ct)));
        await app.RunAsync();
        return 0;
    }

    private static async Task<Paged<ProductView>> FirstPageAsync(Func<DbConnection> connect, CancellationToken ct)
    {
        const int page = 1, pageSize = Paging.DefaultPageSize;
        await using var connection = connect();
        await connection.OpenAsync(ct);

        await using var count = connection.CreateCommand();
        count.CommandText = CountSql;
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);

        await using var query = connection.CreateCommand();
        query.CommandText = PageSql;
        AddParameter(query, "@placeholder", CatalogService.PlaceholderImage);
        AddParameter(query, "@take", pageSize);
        AddParameter(query, "@skip", (page - 1) * pageSize);
        var items = new List<ProductView>(pageSize);
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(new ProductView(
                reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                reader.GetString(5), reader.GetInt32(6), reader.GetString(7), reader.GetString(8)));
        }

        return new Paged<ProductView>(items, page, pageSize, total);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
