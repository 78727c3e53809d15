using Tongban.Tests.Features.Accounts;

namespace Tongban.Tests.Features.Shell;

public sealed class HomePageTests(AccountsFactory factory) : IClassFixture<AccountsFactory>
{
    private async Task<string> HomeAsync(string user)
    {
        await factory.SeedAsync();
        var client = await factory.PageClientAsync(user);
        return await client.GetStringAsync("/");
    }

    private static string Section(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"首页缺少 {id} 栏");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    [Fact]
    public async Task A_grid_worker_sees_their_grid_its_buildings_residents_and_people_to_visit()
    {
        var html = await HomeAsync("grid1");
        var grids = Section(html, "grids-title");
        Assert.Contains(AccountsData.Grid1Name, grids);
        Assert.Contains("青石小区 1号楼", grids);
        Assert.Contains("href=\"/Places/Building/", grids);
        Assert.Contains("青石小区 2号楼", grids);
        Assert.DoesNotContain("3号楼", grids); // the other grid of the same community
        Assert.Matches("<span class=\"stat\">2</span><span>楼栋</span>", grids);
        Assert.Matches("<span class=\"stat\">3</span><span>居民</span>", grids);
        var tags = Section(html, "tags-title");
        Assert.Matches("独居老人</a>\\s*<strong>2</strong>", tags);
        // A sensitive tag is counted but not listed: grid workers may not see who is behind it.
        Assert.Matches("<span>残疾人</span>\\s*<strong>1</strong> 人\\s*<span class=\"sensitive-mark\"", tags);
        Assert.Contains("/People?tag=elderly_alone", tags);
        Assert.DoesNotContain("/People?tag=disabled", tags);
        Assert.DoesNotContain("overview-title", html);
        Assert.DoesNotContain("id=\"admin-title\"", html);
    }

    [Fact]
    public async Task Window_staff_see_their_community_counts_and_recent_changes()
    {
        var html = await HomeAsync("window1");
        var totals = Section(html, "totals-title");
        Assert.Contains("青石社区 概况", totals);
        Assert.Matches("<span class=\"stat\">1</span><span>小区</span>", totals);
        Assert.Matches("<span class=\"stat\">3</span><span>楼栋</span>", totals);
        Assert.Matches("<span class=\"stat\">3</span><span>户</span>", totals);
        Assert.Matches("<span class=\"stat\">5</span><span>居民</span>", totals);
        var tags = Section(html, "tags-title");
        Assert.Matches("独居老人</a>\\s*<strong>3</strong>", tags);
        Assert.Contains("/People?tag=disabled", tags); // window staff may see sensitive data
        var changes = Section(html, "changes-title");
        Assert.Contains("新增了", changes);
        Assert.DoesNotContain("grids-title", html);
    }

    [Fact]
    public async Task The_district_admin_sees_every_street_and_community_with_counts_and_admin_links()
    {
        var html = await HomeAsync("admin");
        var overview = Section(html, "overview-title");
        foreach (var name in new[] { "东城街道", "西城街道", "青石社区", "柳岸社区", "北门社区" })
            Assert.Contains(name, overview);
        Assert.Matches("北门社区</td>\\s*<td class=\"number\" data-label=\"小区\">1</td>\\s*<td class=\"number\" data-label=\"楼栋\">1</td>\\s*<td class=\"number\" data-label=\"户\">1</td>\\s*<td class=\"number\" data-label=\"居民\">4</td>", overview);
        Assert.Matches("东城街道</th>\\s*<td class=\"number\" data-label=\"小区\">1</td>\\s*<td class=\"number\" data-label=\"楼栋\">3</td>\\s*<td class=\"number\" data-label=\"户\">3</td>\\s*<td class=\"number\" data-label=\"居民\">5</td>", overview);
        var admin = Section(html, "admin-title");
        Assert.Matches("工作人员账户</a>：\\d+ 个", admin);
        Assert.Contains("/Accounts/Audit?handler=Verify", admin);
        Assert.Contains("测试区", html);
    }

    [Fact]
    public async Task A_street_centre_sees_its_own_communities_only()
    {
        var html = await HomeAsync("street1");
        var overview = Section(html, "overview-title");
        Assert.Contains("青石社区", overview);
        Assert.Contains("柳岸社区", overview);
        Assert.DoesNotContain("北门社区", overview);
        Assert.Contains("测试区 › 东城街道", html);
    }

    [Fact]
    public async Task A_volunteer_is_told_plainly_that_their_own_work_is_not_here_yet()
    {
        var basic = Section(await HomeAsync("volunteer1"), "basic-title");
        Assert.Contains("href=\"/Accounts/TwoFactor\"", basic);
        Assert.DoesNotContain("href=\"/Disputes\"", basic);
        Assert.Contains("志愿服务的任务认领和积分尚未上线", basic);
    }

    [Fact]
    public async Task A_mediator_gets_their_cases_and_every_module_they_may_open()
    {
        var html = await HomeAsync("mediator1");
        var basic = Section(html, "basic-title");
        Assert.Contains("href=\"/Places\"", basic);
        Assert.Contains("href=\"/People\"", basic);
        Assert.Contains("href=\"/Disputes\"", basic);
        Assert.DoesNotContain("href=\"/Services\"", basic);
        Assert.DoesNotContain("尚未上线", basic); // their work is all there now
        var disputes = Section(html, "disputes-title");
        Assert.Contains("href=\"/Disputes?overdue=true\"", disputes);
        Assert.Contains("调解中", disputes);
        Assert.Contains("测试区 › 东城街道 › 青石社区", html);
        Assert.DoesNotContain("grids-title", html);
        Assert.DoesNotContain("overview-title", html);
    }

    [Fact]
    public async Task A_department_liaison_is_not_offered_resident_data()
    {
        var html = await HomeAsync("dept1");
        var basic = Section(html, "basic-title");
        Assert.Contains("href=\"/Places\"", basic);
        Assert.DoesNotContain("href=\"/People\"", basic);
    }
}
