using ECommerce.Core;
using ECommerce.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ECommerce.Tests.Data;

public sealed class SqliteWritersTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ecommerce-writers-").FullName;

    [Fact]
    public async Task Writers_on_one_SQLite_file_take_turns_and_those_on_another_file_do_not_wait()
    {
        await using var first = Context($"Data Source={Path.Combine(folder, "a.db")}");
        // The same file by another path: still the same turn.
        await using var sameFile = Context($"Data Source={Path.Combine(folder, ".", "a.db")}");
        await using var otherFile = Context($"Data Source={Path.Combine(folder, "b.db")}");

        var turn = await SqliteWriters.TakeTurnAsync(first, default);
        var waiting = SqliteWriters.TakeTurnAsync(sameFile, default).AsTask();
        using (await SqliteWriters.TakeTurnAsync(otherFile, default).AsTask().WaitAsync(TimeSpan.FromSeconds(5)))
        {
        }

        await Task.Delay(100);
        waiting.IsCompleted.ShouldBeFalse("the file's writer has not finished");
        turn.ShouldNotBeNull().Dispose();
        turn.Dispose(); // A second end of the same turn must not let two writers in.
        using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        var third = SqliteWriters.TakeTurnAsync(first, default).AsTask();
        await Task.Delay(100);
        third.IsCompleted.ShouldBeFalse();
        next.ShouldNotBeNull().Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(5))).ShouldNotBeNull().Dispose();
    }

    [Fact]
    public async Task A_writer_that_stops_waiting_gives_its_place_up()
    {
        await using var db = Context($"Data Source={Path.Combine(folder, "c.db")}");
        var turn = await SqliteWriters.TakeTurnAsync(db, default);
        using var cancel = new CancellationTokenSource();
        var waiting = SqliteWriters.TakeTurnAsync(db, cancel.Token).AsTask();

        await cancel.CancelAsync();

        (await Should.ThrowAsync<Exception>(waiting)).ShouldBeAssignableTo<OperationCanceledException>();
        turn.ShouldNotBeNull().Dispose();
        (await SqliteWriters.TakeTurnAsync(db, default).AsTask().WaitAsync(TimeSpan.FromSeconds(5))).ShouldNotBeNull().Dispose();
    }

    [Fact]
    public async Task On_MySql_there_are_no_turns()
    {
        await using var db = new DbContext(new DbContextOptionsBuilder()
            .UseMySql("Server=127.0.0.1;Database=unused", ServerVersion.Parse("10.11-mariadb")).Options);

        (await SqliteWriters.TakeTurnAsync(db, default)).ShouldBeNull();
    }

    [Fact]
    public async Task The_shops_SQLite_connections_wait_for_a_busy_database_inside_SQLite()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["ConnectionStrings:Default"] = $"Data Source={Path.Combine(folder, "shop.db")}",
            })
            .Build();
        await using var services = new ServiceCollection().AddLogging().AddShop(configuration).BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<ShopDbContext>>().CreateDbContextAsync();

        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";

        Convert.ToInt32(await command.ExecuteScalarAsync()).ShouldBe(5000, "Microsoft.Data.Sqlite leaves it at 0 and sleeps 150 ms per retry instead");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static DbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder().UseSqlite(connectionString).Options);
}
