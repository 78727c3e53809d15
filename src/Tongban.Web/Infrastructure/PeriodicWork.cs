namespace Tongban.Web.Infrastructure;

/// <summary>
/// The loop of a timed job: run once at start, then at every tick of the app's clock. A failed run is logged and
/// the next tick tries again, so one bad moment (a locked database, a dropped connection) does not stop the job.
/// </summary>
public static class PeriodicWork
{
    public static async Task RunAsync(TimeProvider clock, TimeSpan interval, Func<CancellationToken, Task> once, ILogger logger, string whatFailed,
        CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try { await once(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "{What} failed; tried again at the next interval", whatFailed);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
