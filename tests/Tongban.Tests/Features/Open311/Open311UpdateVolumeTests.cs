using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Open311;
using static Tongban.Tests.Features.Open311.Open311Fixture;

namespace Tongban.Tests.Features.Open311;

/// <summary>
/// servicerequestupdates with more events in the window than one answer carries. A class of its own (its own database):
/// the thousands of events it writes would crowd the other tests' undated polls.
/// </summary>
public sealed class Open311UpdateVolumeTests(Open311Factory factory) : IClassFixture<Open311Factory>
{
    [Fact]
    public async Task A_poll_without_start_date_gets_the_latest_updates_when_there_are_too_many()
    {
        var key = await DemoKeyAsync(factory);
        var http = Client(factory);
        var sent = await http.PostAsync("/open311/v2/requests.xml", Form(("api_key", key), ("service_code", "ev"), ("lat", Lat), ("long", Long),
            ("description", "地下车库里长期有人飞线充电"), ("attribute[location_type]", "basement")));
        var id = long.Parse(FmsXml.Parse(await sent.Content.ReadAsStringAsync()).Item("request", 0).Text("service_request_id")!, CultureInfo.InvariantCulture);
        await using (var scope = factory.SystemScope(out var db))
        {
            var appeal = await db.Appeals.SingleAsync(a => a.Id == id);
            var earlier = DateTimeOffset.UtcNow.AddDays(-10);
            db.AppealEvents.AddRange(Enumerable.Range(0, GetOpen311Updates.MaxUpdates).Select(i => new AppealEvent
            {
                AppealId = id, At = earlier.AddSeconds(i), Type = "progress", FromState = AppealState.Submitted, ToState = AppealState.Submitted,
                Note = $"第{i + 1}次巡查记录", IsPublic = true, ActorName = "系统", ActorUnit = "示例社区", AreaPath = appeal.AreaPath,
            }));
            await db.SaveChangesAsync();
            appeal.Accept(new Actor("u", "王敏", "示例社区"), DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        var latest = FmsXml.Parse(await http.GetStringAsync("/open311/v2/servicerequestupdates.xml")).List("request_update").Cast<Dictionary<string, object?>>().ToList();
        Assert.Equal(GetOpen311Updates.MaxUpdates, latest.Count);
        Assert.Equal("accept", latest[^1].Text("external_status_code")); // the newest step is there, still oldest first
        Assert.Equal("submit", latest[^2].Text("external_status_code"));

        var start = Uri.EscapeDataString(Open311Time.Format(DateTimeOffset.UtcNow.AddDays(-11)));
        var fromStart = FmsXml.Parse(await http.GetStringAsync($"/open311/v2/servicerequestupdates.xml?start_date={start}")).List("request_update").Cast<Dictionary<string, object?>>().ToList();
        Assert.Equal(GetOpen311Updates.MaxUpdates, fromStart.Count);
        Assert.Equal("第1次巡查记录", fromStart[0].Text("description")?.Split('：')[^1]); // from the start, to be asked again from the last
    }
}
