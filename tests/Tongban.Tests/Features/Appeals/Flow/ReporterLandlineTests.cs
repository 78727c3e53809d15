using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.People;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>
/// A reporter with only a landline (an elderly resident, a hotline) or a number outside the mainland: the appeal is
/// kept, the number encrypted and masked like a mobile, erased the same way, and called rather than texted.
/// </summary>
public sealed class ReporterLandlineTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    public static TheoryData<string, string, string> Numbers => new()
    {
        { "010-62345678", "010-62345678", "010-****5678" },
        { "0755 8123 4567", "0755-81234567", "0755-****4567" },
        { "(021)6234-5678", "021-62345678", "021-****5678" },
        { "+86 10 6234 5678", "010-62345678", "010-****5678" },
        { "+86 755 8123 4567", "0755-81234567", "0755-****4567" },
        { "400-810-8888", "400-810-8888", "400-****8888" },
        { "+852 9123 4567", "+852 91234567", "+852 ****4567" },
        { "+1 415 555 0100", "+1 4155550100", "+1 ****0100" },
        { "00853 2833 1234", "+853 28331234", "+853 ****1234" },
        { "0351-7654321 转 802", "0351-7654321转802", "0351-****4321转802" },
        { "010-62345678 ext. 8001", "010-62345678转8001", "010-****5678转8001" },
        { "+1 415 555 0100 x12", "+1 4155550100转12", "+1 ****0100转12" },
        // An extension after a hyphen only, as switchboards print it on letterheads and notices.
        { "010-62345678-8001", "010-62345678转8001", "010-****5678转8001" },
        { "0351-7654321-802", "0351-7654321转802", "0351-****4321转802" },
        { "010-6234-5678-8001", "010-62345678转8001", "010-****5678转8001" },
        { "400-810-8888-2", "400-810-8888转2", "400-****8888转2" },
        // Hyphens that only group the digits stay one number.
        { "010-6234-5678", "010-62345678", "010-****5678" },
        { "0351-765-4321", "0351-7654321", "0351-****4321" },
        { "021-6234567-8", "021-62345678", "021-****5678" },
    };

    [Theory]
    [MemberData(nameof(Numbers))]
    public void A_landline_or_a_number_abroad_is_read_in_its_usual_form_and_called_not_texted(string sent, string number, string masked)
    {
        var phone = ContactPhone.Parse(sent, out var problem);
        Assert.Null(problem);
        Assert.NotNull(phone);
        Assert.Equal((number, masked, false), (phone.Number, phone.Masked, phone.TakesSms));
    }

    [Theory]
    [InlineData("+86 138 1234 5678")]
    [InlineData("8613812345678")]
    [InlineData("138-1234-5678")]
    [InlineData("１３８１２３４５６７８")]
    public void A_mainland_mobile_in_any_usual_form_takes_text_messages(string sent)
    {
        var phone = ContactPhone.Parse(sent, out _);
        Assert.Equal(("13812345678", "138****5678", true), (phone!.Number, phone.Masked, phone.TakesSms));
    }

    [Fact]
    public void A_landline_with_its_extension_after_a_hyphen_is_the_same_number_as_with_转()
    {
        var hyphen = ContactPhone.Parse("010-62345678-8001", out _);
        Assert.Equal(ContactPhone.Parse("010-62345678转8001", out _), hyphen);
    }

    [Theory]
    [InlineData("12345", "手机号应为以1开头的11位数字")]
    [InlineData("1381234567", "手机号应为以1开头的11位数字")]
    [InlineData("62345678", "区号")]
    [InlineData("010-6234", "电话号码应为")]
    [InlineData("010-623456789012", "电话号码应为")]
    [InlineData("call me 010", "只能包含数字")]
    [InlineData("+852 12", "电话号码应为")]
    [InlineData("+1234567890123456", "电话号码应为")]
    [InlineData("12012345678", "第二位")]
    [InlineData("13812345678转1", "分机")]
    [InlineData("138-1234-5678-1", "手机号应为以1开头的11位数字")]
    [InlineData("010-62345678-1234567", "电话号码应为")]
    public void Garbage_is_refused_with_a_reason(string sent, string reason)
    {
        Assert.Null(ContactPhone.Parse(sent, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_staff_api_keeps_a_landline_encrypted_masked_and_says_to_call_instead_of_texting()
    {
        var id = await app.SubmitAsync(phone: "010 6234 5678");
        await using (var scope = app.SystemScope(out var db))
        {
            var appeal = await db.Appeals.SingleAsync(a => a.Id == id);
            Assert.Equal("010-****5678", appeal.ReporterPhoneMasked);
            Assert.True(appeal.ReporterPhoneCallOnly);
            Assert.DoesNotContain("6234", appeal.ReporterPhoneCipher, StringComparison.Ordinal);
            Assert.Equal("010-62345678", scope.ServiceProvider.GetRequiredService<SensitiveDataProtector>().Decrypt(appeal.ReporterPhoneCipher));
        }

        // Accepted and resolved: no text message is queued for a landline.
        await app.OkAsync("window1", id, "accept");
        await app.OkAsync("window1", id, "dispatch", AppealsFactory.ToGrid(await app.UserIdAsync("grid1")));
        await app.OkAsync("grid1", id, "acknowledge");
        var resolved = await app.OkAsync("grid1", id, "resolve", new { result = "已上门说明情况" });
        Assert.Equal("010-****5678", resolved.GetProperty("reporterPhoneMasked").GetString());
        Assert.True(resolved.GetProperty("reporterPhoneCallOnly").GetBoolean());
        var keys = AppealSmsKeys.All(id, 0);
        await using (var scope = app.SystemScope(out var db))
            Assert.False(await db.OutboxMessages.AnyAsync(m => keys.Contains(m.IdempotencyKey)));

        // The appeal page shows the masked number and tells staff to call.
        var page = await (await app.PageClientAsync("window1")).GetStringAsync($"/Appeals/{id}");
        Assert.Contains("010-****5678", page, StringComparison.Ordinal);
        Assert.Contains("请电话告知反映人", page, StringComparison.Ordinal);
        Assert.DoesNotContain("62345678", page, StringComparison.Ordinal);

        // Erased at the reporter's request like a mobile.
        var erased = await app.OkAsync("window1", id, "erase-contact", new { reason = "反映人来电要求删除个人信息" });
        Assert.False(erased.GetProperty("reporterPhoneCallOnly").GetBoolean());
        await using (var scope = app.SystemScope(out var db))
        {
            var appeal = await db.Appeals.SingleAsync(a => a.Id == id);
            Assert.Equal((null, null, null, false), (appeal.ReporterPhoneCipher, appeal.ReporterPhoneHash, appeal.ReporterPhoneMasked, appeal.ReporterPhoneCallOnly));
        }
    }

    [Fact]
    public async Task A_mobile_is_still_texted_and_garbage_is_refused_naming_the_phone()
    {
        var mobile = await app.SubmitAsync(phone: "+86 139 1234 5611");
        await app.OkAsync("window1", mobile, "accept");
        await using (var scope = app.SystemScope(out var db))
        {
            var appeal = await db.Appeals.SingleAsync(a => a.Id == mobile);
            Assert.Equal(("139****5611", false), (appeal.ReporterPhoneMasked, appeal.ReporterPhoneCallOnly));
            var key = AppealSmsKeys.Accepted(mobile);
            Assert.True(await db.OutboxMessages.AnyAsync(m => m.IdempotencyKey == key));
        }

        var client = await app.As("window1");
        var response = await client.PostAsJsonAsync("/api/v1/appeals", new
        {
            kind = (int)AppealKind.Complaint, categoryId = await app.CategoryIdAsync("noise"), description = "楼上每天夜里装修，电钻声音很大",
            buildingId = await app.BuildingOfAsync("grid1"), channel = (int)AppealChannel.Phone, reporterName = "王先生", reporterPhone = "办公室电话",
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity || response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains("reporterPhone", text, StringComparison.Ordinal);
        Assert.Contains("只能包含数字", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_appeals_landline_is_erased_by_the_retention_job()
    {
        var id = await app.InStateAsync(AppealState.Closed, phone: "0755-81234567");
        await using (var scope = app.SystemScope(out var db))
        {
            var appeal = await db.Appeals.SingleAsync(a => a.Id == id);
            Assert.True(appeal.ReporterPhoneCallOnly);
            appeal.ClosedAt = DateTimeOffset.UtcNow.AddDays(-400);
            await db.SaveChangesAsync();
        }
        await app.Services.GetRequiredService<PersonalDataRetentionJob>().RunOnceAsync(CancellationToken.None);
        await using (var scope = app.SystemScope(out var db))
        {
            var appeal = await db.Appeals.SingleAsync(a => a.Id == id);
            Assert.Equal((null, null, null, false), (appeal.ReporterPhoneCipher, appeal.ReporterPhoneHash, appeal.ReporterPhoneMasked, appeal.ReporterPhoneCallOnly));
            Assert.NotNull(appeal.ContactErasedAt);
        }
    }

    [Fact]
    public async Task The_staff_registration_form_takes_a_landline()
    {
        var client = await app.PageClientAsync("window1");
        var html = await client.GetStringAsync("/Appeals/New");
        var key = System.Text.RegularExpressions.Regex.Match(html, "name=\"Form.IdempotencyKey\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(html),
            ["Form.Channel"] = nameof(AppealChannel.Phone), ["Form.Kind"] = nameof(AppealKind.Help),
            ["Form.CategoryId"] = (await app.CategoryIdAsync("leak")).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.BuildingId"] = (await app.BuildingOfAsync("window1")).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Description"] = "卫生间天花板渗水，楼上住户联系不上", ["Form.ReporterName"] = "孙阿姨",
            ["Form.ReporterPhone"] = "0351-7654321", ["Form.IdempotencyKey"] = key,
        })
            form.Add(new StringContent(value), name);
        var response = await client.PostAsync("/Appeals/New", form);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var id = long.Parse(response.Headers.Location!.ToString()["/Appeals/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        await using var scope = app.SystemScope(out var db);
        var appeal = await db.Appeals.SingleAsync(a => a.Id == id);
        Assert.Equal(("0351-****4321", true), (appeal.ReporterPhoneMasked, appeal.ReporterPhoneCallOnly));
    }
}
