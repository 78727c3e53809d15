using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Web.Data;
using Tongban.Web.Features.Services;

namespace Tongban.Tests.Features.Services;

/// <summary>
/// Holds each daily close at the start of its save (its counting done, nothing written) until the closes it waits for
/// have all counted, so that two closes read the same applications before either writes: the race, every time.
/// Unarmed it lets everything through; a close that waits longer than a few seconds goes on alone.
/// </summary>
public sealed class CloseRendezvous : DbTransactionInterceptor
{
    private int _expected;
    private int _arrived;
    private TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many closes met (all of them, unless one of them could not get as far as its save).</summary>
    public int Met => Volatile.Read(ref _arrived);

    public void Arm(int closes)
    {
        _all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _arrived = 0;
        Volatile.Write(ref _expected, closes);
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _expected) > 0 && eventData.Context is { } context
            && context.ChangeTracker.Entries<DailyClose>().Any(e => e.State == EntityState.Added))
        {
            if (Interlocked.Increment(ref _arrived) >= _expected)
            {
                Volatile.Write(ref _expected, 0);
                _all.TrySetResult();
            }
            else
            {
                try { await _all.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken); }
                catch (TimeoutException) { Volatile.Write(ref _expected, 0); }
            }
        }
        return result;
    }
}

/// <summary>The close's district and clock, with the closes' saves held at a rendezvous when a test arms it.</summary>
public sealed class DailyCloseRaceFactory : DailyCloseFactory
{
    public CloseRendezvous Rendezvous { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            if (Database.IsPostgres) services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(Rendezvous), ServiceLifetime.Singleton);
            else services.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(Rendezvous), ServiceLifetime.Singleton);
        });
    }
}

/// <summary>
/// Two closes of different days at the same moment: an application received after the last close (late) and one of a
/// day nobody closed that is past the limit (swept) are every close's to count, and until session 18 both closes
/// counted them, each having read them before the other wrote. Now a close claims what it counts through the
/// applications' row versions; the one that comes second reads again and leaves them to the first. Own database and clock.
/// </summary>
public sealed class DailyCloseRaceTests(DailyCloseRaceFactory app) : IClassFixture<DailyCloseRaceFactory>
{
    private static readonly TimeOnly AfterHours = new(20, 30);

    private async Task<long> ReceiveAsync(DateOnly day, TimeOnly at, string channel = "Window")
    {
        app.AtLeast(day, at);
        var window = await app.ApiClientAsync("window3");
        var started = await window.PostAsJsonAsync("/api/v1/services/applications",
            new { serviceItemId = await app.ItemIdAsync("volunteer-register"), applicantName = "王秀英", channel });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static Task<HttpResponseMessage> Close(HttpClient client, object body) => client.PostAsJsonAsync("/api/v1/services/daily-closes", body);

    private static IEnumerable<long> Listed(JsonElement close, string list) =>
        close.GetProperty("lines").GetProperty(list).EnumerateArray().Select(a => a.GetProperty("id").GetInt64());

    [Fact]
    public async Task Two_closes_of_different_days_at_once_count_a_late_and_a_swept_application_once()
    {
        // Today's close (N) and the made-up close of the day before (M), at once. The last closed day before both is L,
        // with a home visit recorded after its close; F was never closed and passes the limit between L's close and N's.
        var n = app.Today.AddDays(CloseDay.MaxDaysBack + 4);
        while (n.DayOfWeek is not DayOfWeek.Wednesday) n = n.AddDays(1);
        var (m, l, f) = (n.AddDays(-1), n.AddDays(-2), n.AddDays(-CloseDay.MaxDaysBack - 1));
        var forgotten = await ReceiveAsync(f, new TimeOnly(10, 0));
        await ReceiveAsync(l, new TimeOnly(10, 0));
        app.AtLeast(l, AfterHours);
        var lClose = await Close(await app.ApiClientAsync("window3"), new { });
        Assert.Equal(HttpStatusCode.Created, lClose.StatusCode);
        Assert.Empty(Listed(await lClose.Content.ReadFromJsonAsync<JsonElement>(), "unclosed")); // F could still be made up then
        var late = await ReceiveAsync(l, new TimeOnly(21, 0), "HomeVisit");
        var mOwn = await ReceiveAsync(m, new TimeOnly(10, 0));
        var nOwn = await ReceiveAsync(n, new TimeOnly(10, 0));

        app.AtLeast(n, AfterHours);
        var (window, secretary) = (await app.ApiClientAsync("window3"), await app.ApiClientAsync("secretary3"));
        app.Rendezvous.Arm(2);
        var answers = await Task.WhenAll(Close(window, new { }), Close(secretary, new { day = m.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }));
        var closes = new List<JsonElement>();
        foreach (var answer in answers)
        {
            var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(answer.StatusCode == HttpStatusCode.Created, body.ToString());
            closes.Add(body);
        }
        Assert.Equal(2, app.Rendezvous.Met); // both had counted before either saved: the race took place

        // Four applications in the two closes, each once: the late and the swept one in the same close, the other has none.
        Assert.Equal(4, closes.Sum(c => c.GetProperty("received").GetInt32()));
        Assert.Single(closes, c => Listed(c, "late").SequenceEqual([late]) && Listed(c, "unclosed").SequenceEqual([forgotten]));
        Assert.Single(closes, c => !Listed(c, "late").Any() && !Listed(c, "unclosed").Any());
        await using var scope = app.SystemScope(out var db);
        var tallied = await db.ServiceApplications().Where(a => new[] { forgotten, late, mOwn, nOwn }.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.TalliedOn);
        Assert.Equal(m, tallied[mOwn]);
        Assert.Equal(n, tallied[nOwn]);
        Assert.Equal(tallied[late], tallied[forgotten]);
    }
}
