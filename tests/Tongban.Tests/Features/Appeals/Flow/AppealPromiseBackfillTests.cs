using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>
/// Migration AppealPromise fills the limit starts and the promise of the open appeals only: a large installation's
/// millions of closed rows are not rewritten, and are read with their feedback limit as the promise. The migration's
/// own SQL is run here against rows put back as they were before it.
/// </summary>
public sealed class AppealPromiseBackfillTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    [Fact]
    public async Task The_backfill_fills_open_appeals_and_leaves_closed_ones_read_by_their_feedback_limit()
    {
        var open = await app.InStateAsync(AppealState.Accepted);
        var closed = await app.InStateAsync(AppealState.Closed);
        await using (var scope = app.SystemScope(out var db))
        {
            foreach (var a in await db.Appeals.Where(a => a.Id == open || a.Id == closed).ToListAsync())
                (a.PromisedFeedbackAt, a.PromiseMadeAt, a.FeedbackLimitFrom) = (null, null, null);
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync(AppealPromiseBackfill.Sql);
        }

        await using (var scope = app.SystemScope(out var db))
        {
            var filled = await db.Appeals.AsNoTracking().SingleAsync(a => a.Id == open);
            Assert.Equal(filled.FeedbackDueAt, filled.PromisedFeedbackAt);
            Assert.Equal(filled.SubmittedAt, filled.FeedbackLimitFrom); // never escalated nor reopened
            Assert.Equal(filled.SubmittedAt, filled.PromiseMadeAt);
            var old = await db.Appeals.AsNoTracking().SingleAsync(a => a.Id == closed);
            Assert.Null(old.PromisedFeedbackAt);
            Assert.Null(old.FeedbackLimitFrom);
        }

        // The closed row still answers everywhere the promise is read: the appeal, the list (and its filter), the rates.
        var admin = await app.As("admin");
        var json = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/appeals/{closed}");
        Assert.Equal(json.GetProperty("feedbackDueAt").GetDateTimeOffset(), json.GetProperty("promisedFeedbackAt").GetDateTimeOffset());
        var list = await admin.GetAsync("/api/v1/appeals?status=past-promise&pageSize=100");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Appeals/Rates")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/appeals/export")).StatusCode);
    }
}
