using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>办理佐证: photos or PDFs checked by content, stored by hash, listed on the appeal and on its timeline.</summary>
public sealed class AppealEvidenceTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

    private static MultipartFormDataContent Files(params (string Name, byte[] Bytes, string Type)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes, type) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(part, "files", name);
        }
        return form;
    }

    [Fact]
    public async Task Evidence_photos_are_checked_by_content_stored_and_listed()
    {
        var id = await app.InStateAsync(AppealState.InProgress);
        var grid1 = await app.As("grid1");
        var fake = await grid1.PostAsync($"/api/v1/appeals/{id}/evidence", Files(("现场.png", "这不是图片"u8.ToArray(), "image/png")));
        var detail = await ProblemAssert.IsAsync(fake, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("不是照片", detail);

        var ok = await grid1.PostAsync($"/api/v1/appeals/{id}/evidence", Files(("整改后.png", Png, "application/octet-stream")));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var view = await ok.Content.ReadFromJsonAsync<JsonElement>();
        var attachment = view.GetProperty("attachments").EnumerateArray().Single();
        Assert.Equal("evidence", attachment.GetProperty("purpose").GetString());
        Assert.Equal("image/png", attachment.GetProperty("contentType").GetString());
        Assert.Contains(view.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "evidence");
        var download = await grid1.GetAsync($"/api/v1/appeals/{id}/attachments/{attachment.GetProperty("id").GetInt64()}");
        Assert.Equal(Png, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("grid2")).GetAsync($"/api/v1/appeals/{id}/attachments/{attachment.GetProperty("id").GetInt64()}")).StatusCode);
        Assert.True(Directory.EnumerateFiles(app.FilesRoot, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task Too_large_files_are_refused_and_nothing_is_recorded()
    {
        var id = await app.InStateAsync(AppealState.InProgress);
        var big = new byte[AppealFiles.MaxBytes + 1];
        Png.CopyTo(big, 0);
        var response = await (await app.As("grid1")).PostAsync($"/api/v1/appeals/{id}/evidence", Files(("大图.png", big, "image/png"), ("小图.png", Png, "image/png")));
        var detail = await ProblemAssert.IsAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("超过10MB", detail);
        Assert.Empty((await app.GetAsync("window1", id)).GetProperty("attachments").EnumerateArray());
    }

    [Fact]
    public async Task The_resolve_form_carries_evidence_with_the_result()
    {
        var id = await app.InStateAsync(AppealState.InProgress);
        var client = await app.PageClientAsync("grid1");
        var token = Forms.AntiforgeryToken(await client.GetStringAsync($"/Appeals/{id}"));
        var form = new MultipartFormDataContent
        {
            { new StringContent("已清理楼道杂物，恢复消防通道畅通"), "Form.Result" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var photo = new ByteArrayContent(Png);
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(photo, "evidence", "清理后.png");
        var response = await client.PostAsync($"/Appeals/{id}?act=resolve", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var view = await app.GetAsync("window1", id);
        Assert.Equal((int)AppealState.Resolved, view.GetProperty("state").GetInt32());
        Assert.Equal("清理后.png", view.GetProperty("attachments")[0].GetProperty("fileName").GetString());

        // Cookie sessions cannot post to the token-only upload route (no antiforgery there).
        var cookie = await client.PostAsync($"/api/v1/appeals/{id}/evidence", Files(("x.png", Png, "image/png")));
        Assert.Equal(HttpStatusCode.Unauthorized, cookie.StatusCode);
    }
}
