namespace Platform.Web.Infrastructure;

/// <summary>
/// Calls a page's refresh on a timer until the refresh says there is nothing left to watch or the
/// page is disposed; keeps pages live without holding a database session open.
/// </summary>
public sealed class PeriodicRefresh : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private PeriodicRefresh(TimeSpan interval, Func<CancellationToken, Task<bool>> refresh)
    {
        loop = RunAsync(interval, refresh);
    }

    /// <param name="refresh">Returns whether to keep refreshing.</param>
    public static PeriodicRefresh Start(TimeSpan interval, Func<CancellationToken, Task<bool>> refresh) => new(interval, refresh);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }

    private async Task RunAsync(TimeSpan interval, Func<CancellationToken, Task<bool>> refresh)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token) && await refresh(stop.Token))
            {
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
