using System.Net.Http.Json;
using System.Text.Json;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Docs;

/// <summary>
/// What a client needs from the OpenAPI document to send a request it cannot get wrong: the numbers an enum takes
/// (a wrong one is answered "请对照接口文档检查它的类型和可选值"), and the fields of the resident's report, which the
/// handler reads itself.
/// </summary>
public sealed class OpenApiInputTests(EmptyTongbanFactory factory) : IClassFixture<EmptyTongbanFactory>
{
    private async Task<JsonElement> DocumentAsync() => await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

    [Fact]
    public async Task Enums_sent_as_numbers_list_their_values_and_chinese_names()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        var kind = schemas.GetProperty("AppealKind");
        Assert.Equal([1, 2, 3, 4, 5], kind.GetProperty("enum").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Contains("2 求助（Help）", kind.GetProperty("description").GetString());
        Assert.Contains("6 扫码/网上（Online）", schemas.GetProperty("AppealChannel").GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_public_report_shows_its_fields_for_json_and_for_a_form_with_photos()
    {
        var document = await DocumentAsync();
        var body = document.GetProperty("paths").GetProperty("/api/v1/public/appeals").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        foreach (var type in new[] { "application/json", "multipart/form-data" })
        {
            var schema = body.GetProperty(type).GetProperty("schema");
            if (schema.TryGetProperty("$ref", out var reference))
                schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
            var properties = schema.GetProperty("properties");
            foreach (var field in new[] { "placeCode", "categoryId", "description", "communityId", "address" })
                Assert.True(properties.TryGetProperty(field, out _), $"{type} 缺少 {field}");
        }
    }
}
