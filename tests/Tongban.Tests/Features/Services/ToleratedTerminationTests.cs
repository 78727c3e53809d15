using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Services;

namespace Tongban.Tests.Features.Services;

/// <summary>
/// 终止办理: a 容缺 application whose material never comes is ended after its period, with a reason told to the
/// applicant; it leaves the open queues and the next close archives it. Until session 18 it stayed open for ever
/// (办结 refuses while a 容缺 material is owed). Own database and clock.
/// </summary>
public sealed class ToleratedTerminationTests(DailyCloseFactory app) : IClassFixture<DailyCloseFactory>
{
    private const string Reason = "容缺材料逾期未补交，电话联系申请人表示暂不补交";

    private async Task<(long Id, DateOnly DueOn)> TolerateAsync(HttpClient window, string applicant)
    {
        var (id, materials) = await app.StartAsync("window1", "senior-allowance", applicant, phone: "13912345678");
        var (status, body) = await ServicesFactory.Send(window, $"/api/v1/services/applications/{id}/decision", new { outcome = "AcceptedTolerated", receivedMaterialIds = materials[..3] });
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return (id, DateOnly.Parse(body.GetProperty("toleranceDueOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_tolerated_application_past_its_period_is_terminated_with_a_reason_told_and_archived_by_the_next_close()
    {
        var window = await app.ApiClientAsync("window1");
        var (id, due) = await TolerateAsync(window, "周玉兰");
        var (byPage, _) = await TolerateAsync(window, "吴秀珍");
        var (accepted, all) = await app.StartAsync("window1", "senior-allowance", "郑桂英");
        Assert.Equal(HttpStatusCode.OK, (await ServicesFactory.Send(window, $"/api/v1/services/applications/{accepted}/decision", new { outcome = "Accepted", receivedMaterialIds = all })).Status);
        string Terminate(long application) => $"/api/v1/services/applications/{application}/terminate";

        // Within the period: the material may still come.
        var (early, earlyBody) = await ServicesFactory.Send(window, Terminate(id), new { text = Reason });
        Assert.Equal(HttpStatusCode.Conflict, early);
        Assert.Contains("补交期限", earlyBody.GetProperty("detail").GetString());

        app.AtLeast(due.AddDays(1), new TimeOnly(10, 0));
        window = await app.ApiClientAsync("window1");
        var (noReason, _) = await ServicesFactory.Send(window, Terminate(id), new { text = " " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason);
        var (notTolerated, notToleratedBody) = await ServicesFactory.Send(window, Terminate(accepted), new { text = Reason });
        Assert.Equal(HttpStatusCode.Conflict, notTolerated);
        Assert.Contains("只有所缺材料逾期未补交", notToleratedBody.GetProperty("detail").GetString());

        var (done, result) = await ServicesFactory.Send(window, Terminate(id), new { text = Reason });
        Assert.True(done == HttpStatusCode.OK, result.ToString());
        Assert.Equal("Terminated", result.GetProperty("state").GetString());
        Assert.True(result.GetProperty("applicantNotified").GetBoolean());
        var (again, againBody) = await ServicesFactory.Send(window, Terminate(id), new { text = Reason });
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Contains("终止办理，不能终止办理", againBody.GetProperty("detail").GetString());

        var view = await window.GetFromJsonAsync<JsonElement>($"/api/v1/services/applications/{id}");
        Assert.Equal("终止办理", view.GetProperty("stateText").GetString());
        Assert.Equal(Reason, view.GetProperty("terminationReason").GetString());
        Assert.Contains(view.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "terminate" && e.GetProperty("text").GetString()!.Contains(Reason));
        var open = await window.GetFromJsonAsync<JsonElement>("/api/v1/services/applications?queue=open");
        Assert.DoesNotContain(open.EnumerateArray(), r => r.GetProperty("id").GetInt64() == id);
        Assert.Contains(open.EnumerateArray(), r => r.GetProperty("id").GetInt64() == byPage);
        await using (var scope = app.SystemScope(out var db))
        {
            var number = await db.ServiceApplications().Where(a => a.Id == id).Select(a => a.Number).SingleAsync();
            var sms = await db.OutboxMessages.SingleAsync(m => m.IdempotencyKey == $"svc:{number}:terminated");
            Assert.Equal("service-terminated", sms.Template);
            Assert.Contains(Reason, JsonSerializer.Deserialize<Dictionary<string, string>>(sms.PayloadJson)!["reason"]);
            Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == nameof(ServiceApplication) && e.EntityId == id.ToString() && e.After!.Contains(Reason)));
        }

        // The page: the overdue application offers 终止办理; without a reason it says so and keeps the form.
        var pages = await app.PageClientAsync("window1");
        var page = await pages.GetStringAsync($"/Services/Applications/{byPage}");
        Assert.Contains("data-testid=\"terminate\"", page);
        var blank = await pages.PostAsync($"/Services/Applications/{byPage}?handler=Terminate",
            new FormUrlEncodedContent([new("__RequestVerificationToken", Forms.AntiforgeryToken(page)), new("Input.Reason", "")]));
        Assert.Equal(HttpStatusCode.OK, blank.StatusCode);
        Assert.Contains("请写明终止办理的理由", await blank.Content.ReadAsStringAsync());
        var ended = await pages.PostAsync($"/Services/Applications/{byPage}?handler=Terminate",
            new FormUrlEncodedContent([new("__RequestVerificationToken", Forms.AntiforgeryToken(page)), new("Input.Reason", Reason)]));
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        var shown = await pages.GetStringAsync(ended.Headers.Location!.ToString());
        Assert.Contains("已终止办理", shown);
        Assert.Contains(Reason, shown);
        Assert.DoesNotContain("data-testid=\"terminate\"", shown);

        // The close archives both, and carries neither over.
        app.AfterHours();
        var close = await ServicesFactory.Send(await app.ApiClientAsync("window1"), "/api/v1/services/daily-closes", new { });
        Assert.True(close.Status == HttpStatusCode.Created, close.Body.ToString());
        Assert.DoesNotContain(close.Body.GetProperty("lines").GetProperty("open").EnumerateArray(), o => o.GetProperty("id").GetInt64() is var x && (x == id || x == byPage));
        Assert.Contains(close.Body.GetProperty("lines").GetProperty("open").EnumerateArray(), o => o.GetProperty("id").GetInt64() == accepted);
        Assert.Equal([id, byPage], close.Body.GetProperty("lines").GetProperty("terminated").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()).Order());
        await using (var scope = app.SystemScope(out var db))
            Assert.Equal(2, await db.ServiceApplications().CountAsync(a => (a.Id == id || a.Id == byPage) && a.ArchivedOn == app.Today));
        var closePage = await (await app.PageClientAsync("window1")).GetStringAsync("/Services/Close");
        Assert.Contains("件是终止办理（材料逾期未补交），不是办结", closePage);
    }
}
