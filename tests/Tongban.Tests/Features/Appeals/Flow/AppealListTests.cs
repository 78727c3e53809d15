using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>Chinese search, queues, filters, the red/yellow/green light, the three rates and the Excel export.</summary>
public sealed class AppealListTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    [Fact]
    public async Task Search_finds_two_character_words_like_noise_and_leak()
    {
        var noise = await app.SubmitAsync(description: "对面商铺音响噪音很大，晚上十一点还在放歌");
        var leak = await app.SubmitAsync(category: "leak", description: "卫生间顶部漏水，楼上住户联系不上");
        var both = await app.SubmitAsync(category: "other", description: "水泵房噪音大，而且管道有漏水");

        var found = await app.IdsAsync("window1", "q=" + Uri.EscapeDataString("噪音"));
        Assert.Contains(noise, found);
        Assert.Contains(both, found);
        Assert.DoesNotContain(leak, found);

        found = await app.IdsAsync("window1", "q=" + Uri.EscapeDataString("漏水"));
        Assert.Contains(leak, found);
        Assert.Contains(both, found);
        Assert.DoesNotContain(noise, found);

        found = await app.IdsAsync("window1", "q=" + Uri.EscapeDataString("噪音 漏水"));
        Assert.Equal([both], found.Where(id => id == noise || id == leak || id == both));

        // "音漏" crosses two words and matches nothing; the number prefix finds the appeal.
        Assert.DoesNotContain(both, await app.IdsAsync("window1", "q=" + Uri.EscapeDataString("音漏")));
        var number = (await app.GetAsync("window1", leak)).GetProperty("number").GetString()!;
        Assert.Contains(leak, await app.IdsAsync("window1", "q=" + number.ToLowerInvariant()));
    }

    [Fact]
    public async Task Appeals_carry_their_area_tokens_and_the_migration_adds_the_same_ones_to_existing_appeals()
    {
        var id = await app.SubmitAsync(description: "楼道里电动车飞线充电");
        await using var scope = app.SystemScope(out var db);
        var appeal = await db.Appeals.SingleAsync(a => a.Id == id);
        var areaTokens = string.Join(' ', AreaPaths.SearchTokens(appeal.AreaPath));
        Assert.Equal(4, AreaPaths.SearchTokens(appeal.AreaPath).Count()); // district, street, community, grid
        Assert.EndsWith(" " + areaTokens, appeal.SearchText);

        // An appeal written before the tokens existed: the migration's statement gives it exactly the same ones.
        var before = appeal.SearchText[..^(areaTokens.Length + 1)];
        await db.Database.ExecuteSqlAsync($"UPDATE \"Appeals\" SET \"SearchText\" = {before} WHERE \"Id\" = {id}");
        await db.Database.ExecuteSqlRawAsync(ProviderSql.AppealSearchAreaTokensSql + " AND \"Id\" = {0}", id);
        Assert.Equal(appeal.SearchText, await db.Appeals.Where(a => a.Id == id).Select(a => a.SearchText).SingleAsync());
        Assert.Contains(id, await app.IdsAsync("window1", "q=" + Uri.EscapeDataString("飞线")));
    }

    [Fact]
    public async Task A_department_liaisons_deadline_queues_hold_the_departments_work_while_a_grid_workers_hold_the_grids()
    {
        // The liaison's account covers the district, so the area's deadlines would be every overdue appeal there.
        var theirs = await app.SentToHousingDepartmentAsync();
        var notTheirs = await app.InStateAsync(AppealState.Accepted);
        await using (var scope = app.SystemScope(out var db))
        {
            foreach (var appeal in await db.Appeals.Where(a => a.Id == theirs || a.Id == notTheirs).ToListAsync())
                (appeal.DispatchDueAt, appeal.FeedbackDueAt) = (DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow.AddHours(-2));
            await db.SaveChangesAsync();
        }

        var overdue = await app.IdsAsync("dept1", "queue=overdue");
        Assert.Contains(theirs, overdue);
        Assert.DoesNotContain(notTheirs, overdue);
        Assert.DoesNotContain(notTheirs, await app.IdsAsync("dept1", "queue=all")); // not dispatched to the department: not theirs to read either
        Assert.Contains(notTheirs, await app.IdsAsync("window1", "queue=overdue")); // the community that handles it sees it
        Assert.Contains(notTheirs, await app.IdsAsync("grid1", "queue=overdue")); // and the grid worker, who answers for the grid
        Assert.DoesNotContain(notTheirs, await app.IdsAsync("dept1", "queue=due-soon"));
    }

    [Fact]
    public async Task Queues_and_filters_select_what_they_say()
    {
        var fresh = await app.SubmitAsync(description: "小区健身器材损坏需要维修");
        var overdue = await app.InStateAsync(AppealState.Accepted);
        var resolved = await app.InStateAsync(AppealState.Resolved);
        await using (app.SystemScope(out var db))
        {
            var appeal = await db.Appeals.SingleAsync(a => a.Id == overdue);
            appeal.DispatchDueAt = DateTimeOffset.UtcNow.AddHours(-2);
            await db.SaveChangesAsync();
        }
        Assert.Contains(fresh, await app.IdsAsync("window1", "queue=to-accept"));
        Assert.DoesNotContain(overdue, await app.IdsAsync("window1", "queue=to-accept"));
        Assert.Contains(overdue, await app.IdsAsync("window1", "queue=overdue"));
        Assert.Contains(overdue, await app.IdsAsync("window1", "status=red"));
        Assert.DoesNotContain(fresh, await app.IdsAsync("window1", "status=red"));
        Assert.Contains(fresh, await app.IdsAsync("window1", "status=green"));
        Assert.Contains(resolved, await app.IdsAsync("window1", "queue=follow-up"));
        Assert.Contains(resolved, await app.IdsAsync("window1", $"state={(int)AppealState.Resolved}"));
        Assert.Contains(resolved, await app.IdsAsync("window1", "state=Resolved"));
        Assert.DoesNotContain(fresh, await app.IdsAsync("window1", $"categoryId={await app.CategoryIdAsync("leak")}"));
        Assert.Contains(fresh, await app.IdsAsync("window1", $"categoryId={await app.CategoryIdAsync("noise")}"));

        var item = (await (await app.As("window1")).GetFromJsonAsync<JsonElement>("/api/v1/appeals?queue=overdue&pageSize=100"))
            .GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == overdue);
        Assert.Equal("red", item.GetProperty("status").GetProperty("color").GetString());

        var client = await app.As("window1");
        var bad = await client.GetAsync("/api/v1/appeals?queue=nonsense");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        bad = await client.GetAsync("/api/v1/appeals?from=2026-05-01&to=2026-04-01");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
    }

    [Fact]
    public async Task A_grid_workers_appeals_in_hand_are_listed_and_handed_over_in_one_bulk_transfer()
    {
        // A grid worker moves to another post: the community lists what they have in hand and hands it all to a colleague.
        var grid2 = await app.UserIdAsync("grid2");
        var first = await app.InStateAsync(AppealState.Accepted);
        var second = await app.InStateAsync(AppealState.Accepted);
        var elsewhere = await app.InStateAsync(AppealState.Accepted);
        foreach (var id in new[] { first, second })
            await app.OkAsync("window1", id, "dispatch", AppealsFactory.ToGrid(grid2));
        await app.OkAsync("window1", elsewhere, "dispatch", AppealsFactory.ToGrid(await app.UserIdAsync("grid1")));

        var inHand = await app.IdsAsync("window1", $"assignee={grid2}");
        Assert.Contains(first, inHand);
        Assert.Contains(second, inHand);
        Assert.DoesNotContain(elsewhere, inHand);

        var grid1 = await app.UserIdAsync("grid1");
        var client = await app.As("window1");
        var handover = await client.PostAsJsonAsync("/api/v1/appeals/bulk-dispatch", new
        {
            appealIds = inHand, lead = new { kind = (int)AssigneeKind.GridWorker, userId = grid1 }, reason = "人员调整，工作交接",
        });
        Assert.Equal(HttpStatusCode.OK, handover.StatusCode);
        Assert.Empty(await app.IdsAsync("window1", $"assignee={grid2}"));
        Assert.Contains(first, await app.IdsAsync("window1", $"assignee={grid1}"));
        var timeline = (await app.GetAsync("window1", first)).GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("note").GetString()).ToList();
        Assert.Contains(timeline, t => t!.Contains("人员调整，工作交接"));
    }

    [Fact]
    public async Task The_three_rates_count_responded_resolved_and_satisfied_and_the_share_closed_per_tier()
    {
        var closed = await app.InStateAsync(AppealState.Resolved);
        await app.OkAsync("window1", closed, "follow-up", new { resolved = true, satisfied = true });
        await app.OkAsync("window1", closed, "close");
        var client = await app.As("window1");
        var rates = await client.GetFromJsonAsync<JsonElement>("/api/v1/appeals/rates?by=community");
        var overall = rates.GetProperty("overall");
        Assert.True(overall.GetProperty("responded").GetInt32() >= 1);
        Assert.True(overall.GetProperty("satisfied").GetInt32() >= 1);
        Assert.True(overall.GetProperty("score").GetDouble() is > 0 and <= 1);
        var community = rates.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unit").GetString() == "滨河社区");
        Assert.True(community.GetProperty("total").GetInt32() >= 1);
        var tiers = rates.GetProperty("tiers").EnumerateArray().ToList();
        Assert.Equal(3, tiers.Count);
        Assert.True(tiers[0].GetProperty("closed").GetInt32() >= 1);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.GetAsync("/api/v1/appeals/rates?by=nobody")).StatusCode);
        var byAssignee = await client.GetFromJsonAsync<JsonElement>("/api/v1/appeals/rates?by=assignee");
        Assert.Contains(byAssignee.GetProperty("units").EnumerateArray(), u => u.GetProperty("unit").GetString()!.Contains("网格员"));
    }

    [Fact]
    public async Task Export_gives_an_excel_file_of_the_filtered_list_and_is_logged()
    {
        var id = await app.SubmitAsync(description: "楼道灯坏了<script>alert(1)</script>，晚上看不见");
        var window = await app.As("window1");
        Assert.Equal(HttpStatusCode.Forbidden, (await window.GetAsync("/api/v1/appeals/export")).StatusCode);
        var secretary = await app.As("secretary1");
        var response = await secretary.GetAsync("/api/v1/appeals/export?queue=to-accept");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var rows = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().ToList();
        var header = rows[0].Descendants<Cell>().Select(c => c.InnerText).ToList();
        Assert.Equal("编号", header[0]);
        Assert.Contains("红黄绿", header);
        var number = (await app.GetAsync("window1", id)).GetProperty("number").GetString();
        var row = rows.Single(r => r.Descendants<Cell>().First().InnerText == number);
        Assert.Contains(row.Descendants<Cell>(), c => c.InnerText.Contains("<script>"));
        await using var scope = app.SystemScope(out var db);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "export" && e.EntityType == nameof(Appeal) && e.Detail!.Contains("待受理")));
    }

    [Fact]
    public async Task Export_keeps_residents_text_that_looks_like_a_formula_as_text()
    {
        var created = await (await app.As("window1")).PostAsJsonAsync("/api/v1/appeals", new
        {
            kind = (int)AppealKind.Complaint, categoryId = await app.CategoryIdAsync("noise"), buildingId = await app.BuildingOfAsync("grid1"),
            channel = (int)AppealChannel.Window, title = "=HYPERLINK(\"http://example.invalid\",\"点此查看\")", description = "楼下商铺音响太吵",
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var bytes = await (await app.As("secretary1")).GetByteArrayAsync("/api/v1/appeals/export?queue=to-accept");
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var number = (await app.GetAsync("window1", id)).GetProperty("number").GetString();
        var row = workbook.WorksheetParts.Single().Worksheet.Descendants<Row>().Single(r => r.Descendants<Cell>().First().InnerText == number);
        var title = row.Descendants<Cell>().ElementAt(1);
        Assert.StartsWith("=HYPERLINK", title.InnerText);
        Assert.Empty(row.Descendants<CellFormula>());
        Assert.Equal(CellValues.InlineString, title.DataType!.Value);
        var format = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)title.StyleIndex!.Value);
        Assert.True(format.QuotePrefix?.Value);
        // Ordinary text gets no mark.
        Assert.Null(row.Descendants<Cell>().ElementAt(3).StyleIndex);
    }

    [Theory]
    [InlineData("state=99", "没有这个状态")]
    [InlineData("kind=0", "没有这个类型")]
    [InlineData("tier=4", "没有这个层级")]
    public async Task A_filter_value_that_names_nothing_is_refused_not_answered_with_an_empty_list(string query, string message)
    {
        var response = await (await app.As("window1")).GetAsync($"/api/v1/appeals?{query}");
        Assert.Contains(message, await ProblemAssert.IsAsync(response, HttpStatusCode.UnprocessableEntity));
    }

    [Fact]
    public async Task The_to_dispatch_queue_holds_what_waits_for_dispatch_at_the_callers_own_tier()
    {
        var atCommunity = await app.InStateAsync(AppealState.Accepted);
        var escalated = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", escalated, "escalate", new { reason = "涉及多个部门，社区无法解决" });
        var dispatched = await app.InStateAsync(AppealState.Dispatched);
        var submitted = await app.InStateAsync(AppealState.Submitted);

        var community = await app.IdsAsync("window1", "queue=to-dispatch");
        Assert.Contains(atCommunity, community);
        Assert.DoesNotContain(escalated, community);
        Assert.DoesNotContain(dispatched, community);
        Assert.DoesNotContain(submitted, community);
        var street = await app.IdsAsync("street1", "queue=to-dispatch");
        Assert.Contains(escalated, street);
        Assert.DoesNotContain(atCommunity, street);
        // A grid worker does not dispatch.
        Assert.Empty(await app.IdsAsync("grid1", "queue=to-dispatch"));

        // Once the street dispatches it, it leaves the queue.
        await app.OkAsync("street1", escalated, "dispatch", AppealsFactory.ToGrid(await app.UserIdAsync("grid1")));
        Assert.DoesNotContain(escalated, await app.IdsAsync("street1", "queue=to-dispatch"));
    }

    [Fact]
    public async Task The_community_is_not_asked_to_chase_or_follow_up_what_the_street_holds()
    {
        var id = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", id, "escalate", new { reason = "需要街道协调" });
        await app.OkAsync("street1", id, "dispatch", AppealsFactory.ToGrid(await app.UserIdAsync("grid1")));
        Assert.DoesNotContain(id, await app.IdsAsync("window1", "queue=awaiting-ack"));
        Assert.Contains(id, await app.IdsAsync("street1", "queue=awaiting-ack"));

        await app.OkAsync("grid1", id, "acknowledge");
        await app.OkAsync("grid1", id, "resolve", new { result = "已协调处理" });
        Assert.DoesNotContain(id, await app.IdsAsync("window1", "queue=follow-up"));
        Assert.Contains(id, await app.IdsAsync("street1", "queue=follow-up"));
        // The community still reads it, and cannot record the follow-up the street owns.
        Assert.Contains(id, await app.IdsAsync("window1", "queue=all"));
        await ProblemAssert.IsAsync(await app.ActAsync("window1", id, "follow-up", new { resolved = true, satisfied = true }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bulk_dispatch_lists_an_appeal_the_street_took_over_among_the_refusals_and_dispatches_none()
    {
        var mine = await app.InStateAsync(AppealState.Accepted);
        var streets = await app.InStateAsync(AppealState.Accepted);
        await app.OkAsync("window1", streets, "escalate", new { reason = "需要街道协调" });
        var response = await (await app.As("window1")).PostAsJsonAsync("/api/v1/appeals/bulk-dispatch", new
        {
            appealIds = new[] { mine, streets }, lead = new { kind = (int)AssigneeKind.GridWorker, userId = await app.UserIdAsync("grid1") },
        });
        var detail = await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict);
        var number = (await app.GetAsync("window1", streets)).GetProperty("number").GetString();
        Assert.Contains($"{number}：诉求 {number} 已升级至街道综治中心办理", detail);
        Assert.Contains("本次未派出任何诉求", detail);
        Assert.Equal((int)AppealState.Accepted, (await app.GetAsync("window1", mine)).GetProperty("state").GetInt32());
    }
}
