using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.OutputCaching;

namespace ECommerce.Web.Hosting;

/// <summary>
/// A shared output cache store (Redis) that cannot take the catalog down with it. A call that fails is a cache
/// miss, answered from the database, and the store is then left alone for one cache lifetime: by the time it is
/// used again, every answer this instance stored before the failure has expired, so none can outlive an eviction
/// that failed meanwhile.
/// </summary>
public sealed class FailSafeOutputCacheStore(
    IOutputCacheStore store, TimeSpan lifetime, TimeProvider time, ILogger<FailSafeOutputCacheStore> logger)
    : IOutputCacheBufferStore, IDisposable
{
    private long _closedUntil = long.MinValue;

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken ct) =>
        IsOpen ? await TryAsync(async () => await store.GetAsync(key, ct)) : null;

    public async ValueTask<bool> TryGetAsync(string key, PipeWriter destination, CancellationToken ct)
    {
        if (!IsOpen)
        {
            return false;
        }

        if (store is IOutputCacheBufferStore buffers)
        {
            return await TryAsync(async () => await buffers.TryGetAsync(key, destination, ct));
        }

        if (await GetAsync(key, ct) is not { } value)
        {
            return false;
        }

        await destination.WriteAsync(value, ct);
        return true;
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken ct)
    {
        if (IsOpen)
        {
            await TryAsync(async () => { await store.SetAsync(key, value, tags, validFor, ct); return true; });
        }
    }

    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags, TimeSpan validFor, CancellationToken ct)
    {
        if (store is not IOutputCacheBufferStore buffers)
        {
            await SetAsync(key, value.ToArray(), tags.ToArray(), validFor, ct);
        }
        else if (IsOpen)
        {
            await TryAsync(async () => { await buffers.SetAsync(key, value, tags, validFor, ct); return true; });
        }
    }

    /// <summary>Always tried, even while the store is left alone: a failure is the caller's to report.</summary>
    public async ValueTask EvictByTagAsync(string tag, CancellationToken ct)
    {
        try
        {
            await store.EvictByTagAsync(tag, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Close(e);
            throw;
        }
    }

    public void Dispose() => (store as IDisposable)?.Dispose();

    private bool IsOpen => time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _closedUntil);

    private async Task<T?> TryAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Close(e);
            return default;
        }
    }

    private void Close(Exception e)
    {
        var now = time.GetUtcNow();
        var until = (now + lifetime).UtcTicks;
        if (Interlocked.Exchange(ref _closedUntil, until) < now.UtcTicks)
        {
            logger.LogError(e, "The output cache store failed; the catalog is read from the database until {Until:u}.", new DateTime(until, DateTimeKind.Utc));
        }
    }
}
