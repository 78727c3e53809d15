using System.Text.RegularExpressions;

namespace Tongban.Tests.Features.Services;

/// <summary>The public booking page tells a resident what is missing instead of showing the same form again.</summary>
public sealed class GuideBookingPageTests(ServicesFactory app) : IClassFixture<ServicesFactory>
{
    [Fact]
    public async Task Asking_for_slots_without_a_community_or_an_item_says_which_is_missing()
    {
        var client = app.CreateClient();
        var start = await client.GetStringAsync("/guide/book");
        Assert.DoesNotContain("请先选择", start); // nothing asked yet, nothing to complain about
        Assert.DoesNotContain("周二、周四晚间延时到 20:00", start); // hours come from the chosen community's slots, not fixed text
        var community = Regex.Match(start, "<option value=\"(\\d+)\"").Groups[1].Value;
        Assert.Contains("请先选择社区", await client.GetStringAsync("/guide/book?communityId=&item=senior-allowance"));
        Assert.Contains("请先选择办理事项", await client.GetStringAsync($"/guide/book?communityId={community}&item="));
        Assert.Contains("请先选择社区和办理事项", await client.GetStringAsync("/guide/book?communityId=&item="));
        var slots = await client.GetStringAsync($"/guide/book?communityId={community}&item=senior-allowance");
        Assert.DoesNotContain("请先选择", slots);
        Assert.Contains("data-keep", slots); // name and phone survive moving between days (public.js)
    }
}
