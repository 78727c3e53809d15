using Microsoft.Extensions.DependencyInjection;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Calendar;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Infrastructure;

/// <summary>
/// The test app's node playing one that has not yet read a calendar change (<see cref="CalendarRefresh"/> reads it
/// within 30 s). Made before the change, it keeps the years entered then: <see cref="FallBehind"/> puts them back in
/// this node's calendar, so what is counted next is counted on the old calendar; <see cref="CatchUpAndSettleAsync"/>
/// reads the database as the refresh does and lets the deadline job settle the change, twice (settling is safe to repeat).
/// </summary>
public sealed class LaggingNode(TongbanFactory app)
{
    private readonly List<CalendarYear> _entered = [.. app.Service<WorkingCalendar>().Years.Where(y => y.Entered).Select(y => y.Year)];

    public void FallBehind() => app.Service<WorkingCalendar>().Apply(_entered);

    public async Task CatchUpAndSettleAsync()
    {
        await using (app.SystemScope(out var db)) await CalendarRefresh.ApplyAsync(db, app.Service<WorkingCalendar>(), default);
        for (var run = 0; run < 2; run++)
        {
            await using var scope = app.SystemScope(out _);
            if (!await scope.ServiceProvider.GetRequiredService<RecalculateAppealLimits>().ContinueAsync(TimeSpan.FromSeconds(10), default))
                throw new InvalidOperationException("日历改动的重算没有做完");
        }
    }
}
