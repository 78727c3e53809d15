using System.Net;
using System.Text;
using System.Text.Json;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>
/// A request the framework cannot read gets a 400 that names what to change (the JSON field, the query parameter and
/// its value, or where the JSON breaks) in Chinese, never the framework's English, and nothing is written.
/// </summary>
public sealed class UnreadableRequestTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private async Task<JsonElement> PostAsync(string json)
    {
        var client = await app.As("window1");
        var response = await client.PostAsync("/api/v1/appeals", new StringContent(json, Encoding.UTF8, "application/json"));
        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_is_named_with_its_path()
    {
        var count = await CountAsync();
        var kind = await PostAsync("""{"kind":"很急","categoryId":1,"description":"楼道灯坏了一个月"}""");
        Assert.Contains("“kind”", kind.GetProperty("detail").GetString());
        Assert.True(kind.GetProperty("errors").TryGetProperty("kind", out _));

        var nested = await PostAsync("""{"kind":1,"categoryId":1,"description":"楼道灯坏了一个月","details":{"note":5}}""");
        Assert.Contains("“details.note”", nested.GetProperty("detail").GetString());

        var tooBig = await PostAsync("""{"kind":1,"categoryId":1,"description":"楼道灯坏了一个月","buildingId":99999999999}""");
        Assert.Contains("“buildingId”", tooBig.GetProperty("detail").GetString());
        Assert.Equal(count, await CountAsync());
    }

    private async Task<int> CountAsync()
    {
        await using var scope = app.SystemScope(out var db);
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.Appeals));
    }

    [Fact]
    public async Task Broken_json_says_where_and_a_list_says_an_object_is_wanted()
    {
        var broken = await PostAsync("{\n  \"kind\": 1,\n  \"description\": \"漏水\n}");
        Assert.Contains("不是有效的 JSON：第 3 行", broken.GetProperty("detail").GetString());

        var list = await PostAsync("[]");
        Assert.Contains("应为一个 JSON 对象", list.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_query_value_that_does_not_convert_is_named_with_the_value_given()
    {
        var client = await app.As("window1");
        var response = await client.GetAsync("/api/v1/appeals?page=第二页");
        var detail = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("参数“page”的值“第二页”无法识别", detail);
        Assert.DoesNotContain("Failed", await response.Content.ReadAsStringAsync());

        var longValue = await ProblemAssert.IsAsync(await client.GetAsync("/api/v1/appeals?page=" + new string('九', 300)), HttpStatusCode.BadRequest);
        Assert.True(longValue.Length < 100, longValue);
    }

    [Fact]
    public async Task An_unknown_address_a_wrong_method_and_text_instead_of_json_each_say_what_to_fix()
    {
        var client = await app.As("window1");
        Assert.Contains("没有 /api/v1/appeal 这个接口地址", await ProblemAssert.IsAsync(await client.GetAsync("/api/v1/appeal"), HttpStatusCode.NotFound));
        Assert.Contains("不接受 DELETE 请求", await ProblemAssert.IsAsync(await client.DeleteAsync("/api/v1/appeals"), HttpStatusCode.MethodNotAllowed));
        var text = await client.PostAsync("/api/v1/appeals", new StringContent("楼道灯坏了", Encoding.UTF8, "text/plain"));
        Assert.Contains("Content-Type: application/json", await ProblemAssert.IsAsync(text, HttpStatusCode.UnsupportedMediaType));
    }
}
