using System.Net.Http.Json;
using System.Text.Json;

namespace Tongban.Tests.Features.Services;

/// <summary>The guide understands the words residents use, not only the catalog's formal names.</summary>
public sealed class GuideWordsTests(ServicesFactory app) : IClassFixture<ServicesFactory>
{
    private async Task<List<string>> FindAsync(string q) =>
        (await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/public/guide?q=" + Uri.EscapeDataString(q)))
        .EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();

    [Fact]
    public async Task Everyday_words_find_the_formal_items()
    {
        var elderly = await FindAsync("老人");
        Assert.Contains("高龄津贴", elderly);
        Assert.Contains("老年人优待证（敬老卡）办理", elderly);
        Assert.DoesNotContain("生育登记", elderly);
        Assert.Contains("城乡居民医疗保险参保登记", await FindAsync("医保"));
        Assert.Contains("生育登记", await FindAsync("生孩子"));
        // Two words narrow as before: each must be met, by itself or by what it stands for.
        Assert.Equal(["老年助餐服务登记"], await FindAsync("老人 吃饭"));
    }

    [Fact]
    public async Task A_group_with_nothing_to_show_says_so_without_empty_quotes()
    {
        var page = await app.CreateClient().GetStringAsync("/guide?group=xxx");
        Assert.Contains("这一类暂时没有可查的事项", page);
        Assert.DoesNotContain("与“”相关", page);
    }
}
