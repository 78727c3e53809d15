using System.Text.RegularExpressions;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Shell;

/// <summary>The demo with the deadline job off, so the queues hold still while a page and the database are compared.</summary>
public sealed class QuietDemoFactory : TongbanFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Appeals:Jobs:DeadlinesEnabled", "false")];
}

public sealed partial class HomeAppealsPanelTests(QuietDemoFactory factory) : IClassFixture<QuietDemoFactory>
{
    [GeneratedRegex(@"href=""/Appeals\?queue=to-accept"">待受理</a> <strong>(\d+)</strong>")]
    private static partial Regex ToAcceptCount();

    [Fact]
    public async Task Window_staff_see_how_many_appeals_wait_in_their_queues()
    {
        var client = await factory.PageClientAsync("window1");
        var html = await client.GetStringAsync("/");
        Assert.Contains("民情诉求", html);
        var match = ToAcceptCount().Match(html);
        Assert.True(match.Success, "工作台应显示“待受理”队列及件数");

        await using var scope = factory.SystemScope(out var check);
        var path = check.Users.Where(u => u.UserName == "window1").Select(u => u.AreaPath).Single();
        var expected = check.Appeals.Count(a => a.State == AppealState.Submitted && a.AreaPath.StartsWith(path));
        Assert.Equal(expected, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Street_centre_sees_how_many_accepted_appeals_wait_for_its_dispatch()
    {
        var client = await factory.PageClientAsync("street1");
        var html = await client.GetStringAsync("/");
        var match = Regex.Match(html, @"href=""/Appeals\?queue=to-dispatch"">待派单</a> <strong>(\d+)</strong>");
        Assert.True(match.Success, "工作台应显示“待派单”队列及件数（升级到街道的诉求由街道派单）");
        await using var scope = factory.SystemScope(out var check);
        var path = check.Users.Where(u => u.UserName == "street1").Select(u => u.AreaPath).Single();
        var expected = check.Appeals.Count(a => a.State == AppealState.Accepted && a.Tier == AppealTier.Street && a.AreaPath.StartsWith(path));
        Assert.Equal(expected, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Roles_without_appeal_rights_get_no_appeal_panel()
    {
        var client = await factory.PageClientAsync("volunteer1");
        var html = await client.GetStringAsync("/");
        Assert.DoesNotContain("appeals-title", html);
    }
}
