using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>The demo appeals: every state, whole timelines, departments with a liaison, searchable, seeded once.</summary>
public sealed class DemoAppealsTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    [Fact]
    public async Task Demo_appeals_cover_the_states_with_timelines_and_are_seeded_once()
    {
        await using (var scope = app.SystemScope(out var db))
        {
            var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            await DemoAppeals.SeedAsync(db, clock, default);
            await DemoAppeals.SeedAsync(db, clock, default); // a second call adds nothing
        }
        await using (app.SystemScope(out var db))
        {
            var appeals = await db.Appeals.AsNoTracking().Include(a => a.Events).Include(a => a.Assignments).ToListAsync();
            Assert.InRange(appeals.Count, 180, 200);
            var states = appeals.Select(a => a.State).ToHashSet();
            foreach (var state in new[] { AppealState.Submitted, AppealState.Accepted, AppealState.Dispatched, AppealState.Acknowledged, AppealState.InProgress,
                         AppealState.Resolved, AppealState.FollowedUp, AppealState.Closed, AppealState.Rejected, AppealState.Merged })
                Assert.Contains(state, states);
            Assert.All(appeals, a =>
            {
                Assert.Equal("submit", a.Events.OrderBy(e => e.At).ThenBy(e => e.Id).First().Type);
                Assert.Matches("^SQ[0-9]{12}$", a.Number);
                Assert.Contains(a.Number.ToLowerInvariant(), a.SearchText);
                Assert.True(a.Events.All(e => e.At <= DateTimeOffset.UtcNow));
            });
            Assert.Equal(appeals.Count, appeals.Select(a => a.Number).Distinct().Count());
            Assert.Contains(appeals, a => a.Tier == AppealTier.Street && a.Assignments.Any(x => x.AssigneeKind == AssigneeKind.Department));
            Assert.Contains(appeals, a => a.RespondedInTime == false);
            Assert.Contains(appeals, a => a.IsSatisfied == false);
            // The timeline says who: a unit signs for and resolves what was sent to it, not the window that sent it.
            var signed = appeals.SelectMany(a => a.Events).Where(e => e.Type == "acknowledge").ToList();
            Assert.NotEmpty(signed);
            Assert.All(signed, e => Assert.Contains(e.Note[..^"已签收".Length], new[] { e.ActorName, e.ActorUnit }));
            Assert.Contains(signed, e => e.ActorUserId is null);
            var housing = await db.Departments.IgnoreQueryFilters().SingleAsync(d => d.Name == "区住建局");
            Assert.Equal(await app.UserIdAsync("dept1"), housing.LiaisonUserId);
            // The department's fresh work: one appeal waiting for its 报到, still inside the limit when the demo starts.
            var waiting = appeals.SelectMany(a => a.Assignments).Where(x => x.DepartmentId == housing.Id && x.EndedAt == null && x.AcknowledgedAt == null
                && x.DispatchedAt > DateTimeOffset.UtcNow.AddHours(-3)).ToList();
            Assert.NotEmpty(waiting);
            Assert.All(waiting, x => Assert.True(x.AcknowledgeDueAt > DateTimeOffset.UtcNow, $"报到时限 {x.AcknowledgeDueAt} 已过"));
            // Its fresh cases lie in each street, so each street centre has one of its own (the browser tests hand one on each).
            var streets = await db.Areas.IgnoreQueryFilters().Where(a => a.Level == Tongban.Web.Features.Places.AreaLevel.Street).Select(a => a.AreaPath).ToListAsync();
            var fresh = appeals.Where(a => a.IsOpen && a.Assignments.Any(x => x.DepartmentId == housing.Id && x.EndedAt == null && x.DispatchedAt > DateTimeOffset.UtcNow.AddHours(-3))).ToList();
            Assert.All(streets, street => Assert.Contains(fresh, a => a.AreaPath.StartsWith(street, StringComparison.Ordinal)));
            Assert.Equal(DemoAppeals.Departments.Length, await db.Departments.IgnoreQueryFilters().CountAsync());
        }
        var client = await app.As("admin");
        var noise = await client.GetFromJsonAsync<JsonElement>("/api/v1/appeals?q=" + Uri.EscapeDataString("噪音") + "&pageSize=100");
        Assert.NotEmpty(noise.GetProperty("items").EnumerateArray());
        Assert.All(noise.GetProperty("items").EnumerateArray(), i => Assert.Equal("噪音扰民", i.GetProperty("categoryName").GetString()));
        var rates = await client.GetFromJsonAsync<JsonElement>("/api/v1/appeals/rates");
        Assert.True(rates.GetProperty("overall").GetProperty("score").GetDouble() > 0.5);
    }

    /// <summary>
    /// 小事不出社区、大事不出街道: the demo's timelines keep the product's rule (<see cref="AppealWorkflow.HandlesAtTier"/>). Each
    /// step of the process (accept, dispatch, transfer, escalate, merge, follow up, close, reopen) is taken by an owner of
    /// the process at the tier the appeal stood at then: once the community sent an appeal up, the street centre follows
    /// it up and closes it, not the window. Only a resident's own rating (and a reopening they ask for) has no account.
    /// </summary>
    [Fact]
    public async Task Each_demo_story_tells_of_the_building_its_appeal_is_at()
    {
        await using (var scope = app.SystemScope(out var db))
            await DemoAppeals.SeedAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), default);
        await using (app.SystemScope(out var db))
        {
            var appeals = await db.Appeals.AsNoTracking().Where(a => a.BuildingId != null)
                .Select(a => new { a.Number, a.Description, a.Address, a.BuildingId }).ToListAsync();
            var buildings = await db.Buildings.AsNoTracking().Select(b => new
            {
                b.Id, b.Name, b.Floors, Compound = b.Compound!.Name, Units = b.Units.Select(u => u.Name).ToList(),
            }).ToDictionaryAsync(b => b.Id);
            var numerals = "一二三四五六七八九十";
            string Arabic(string n) => n.Length == 1 && numerals.Contains(n[0]) ? (numerals.IndexOf(n[0]) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : n;
            Assert.NotEmpty(appeals);
            Assert.All(appeals, a =>
            {
                var b = buildings[a.BuildingId!.Value];
                Assert.Equal($"{b.Compound}{b.Name}", a.Address);
                // A building or stairwell the story names is the appeal's own; a lift only in a building tall enough to have one.
                foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(a.Description, "([0-9]+|[一二三四五六七八九十])号楼"))
                    Assert.True(Arabic(m.Groups[1].Value) + "号楼" == b.Name, $"{a.Number} 在{a.Address}，故事却说{m.Value}：{a.Description}");
                foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(a.Description, "([0-9]+|[一二三四五六七八九十])单元"))
                    Assert.True(b.Units.Contains(Arabic(m.Groups[1].Value) + "单元"), $"{a.Number} 在{a.Address}（{string.Join("、", b.Units)}），故事却说{m.Value}：{a.Description}");
                if (a.Description.Contains("电梯", StringComparison.Ordinal))
                    Assert.True(b.Floors >= 8, $"{a.Number} 在{b.Floors}层的{a.Address}，故事却说电梯：{a.Description}");
                foreach (var other in buildings.Values.Select(x => x.Compound).Distinct().Where(c => c != b.Compound))
                    Assert.DoesNotContain(other, a.Description);
            });
        }
    }

    [Fact]
    public async Task In_the_demo_each_step_of_the_process_is_taken_at_the_tier_that_owns_the_appeal()
    {
        await using (var scope = app.SystemScope(out var db))
            await DemoAppeals.SeedAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), default);
        await using (app.SystemScope(out var db))
        {
            var handlers = new[] { Tongban.Web.Infrastructure.Roles.Admin, Tongban.Web.Infrastructure.Roles.CommunityAdmin,
                Tongban.Web.Infrastructure.Roles.WindowStaff, Tongban.Web.Infrastructure.Roles.Centre };
            var owners = (await (from u in db.Users
                                 join ur in db.UserRoles on u.Id equals ur.UserId
                                 join r in db.Roles on ur.RoleId equals r.Id
                                 where handlers.Contains(r.Name!)
                                 select new { u.Id, u.AreaPath }).ToListAsync())
                .GroupBy(u => u.Id).ToDictionary(g => g.Key, g => AppealWorkflow.TierOf(g.First().AreaPath));
            var appeals = await db.Appeals.AsNoTracking().Include(a => a.Events).ToListAsync();
            var process = new[] { "accept", "reject", "dispatch", "transfer", "escalate", "merge", "follow-up", "close", "reopen" };
            var aboveCommunity = 0;
            foreach (var appeal in appeals)
            {
                var tier = AppealTier.Community;
                foreach (var e in appeal.Events.OrderBy(e => e.At).ThenBy(e => e.Id))
                {
                    if (process.Contains(e.Type))
                    {
                        var step = $"{appeal.Number} {e.Type} by {e.ActorName} ({e.ActorUnit}) at the {tier} tier";
                        if (e.ActorUserId is null)
                            Assert.True(e.ActorUnit == "居民" && e.Type is "follow-up" or "reopen" || e.ActorUnit == AppealWorkflow.System.Unit && e.Type is "accept" or "escalate", step);
                        else
                            Assert.True(owners.TryGetValue(e.ActorUserId, out var at) && at >= tier, step);
                        if (tier > AppealTier.Community && e.Type is "follow-up" or "close") aboveCommunity++;
                    }
                    if (e.Type == "escalate") tier++;
                }
            }
            Assert.True(aboveCommunity > 0, "the demo should hold escalated appeals followed up or closed by the street");

            // Nothing is left past a limit below the district for the deadline job to send up on the morning the demo
            // starts: what went late went up when its limit passed, as the job would have done.
            var seeded = DateTimeOffset.UtcNow.AddMinutes(-10);
            var late = appeals.Where(a => a.IsOpen && a.Tier != AppealTier.District
                && (AppealDeadlines.IsUndispatched(a.State) && a.DispatchDueAt < seeded || a.FeedbackDueAt < seeded)).Select(a => a.Number).ToList();
            Assert.True(late.Count == 0, "left past a limit: " + string.Join(", ", late));
            // Nor does the district, the last owner, hold weeks of work the demo forgot (reopened and never dispatched again).
            // (A utilities case nobody dispatched for a day may reach it overdue, as the job would send it; not a month-old one.)
            var forgotten = appeals.Where(a => a.IsOpen && a.Tier == AppealTier.District && a.FeedbackDueAt < seeded.AddDays(-7)).Select(a => a.Number).ToList();
            Assert.True(forgotten.Count == 0, "overdue at the district: " + string.Join(", ", forgotten));
            Assert.Contains(appeals, a => a.Events.Any(e => e.Type == "escalate" && e.ActorUnit == AppealWorkflow.System.Unit));
            // The street's morning: one the community sent up waits, inside its limit, for the centre to dispatch it.
            Assert.Contains(appeals, a => a.Tier == AppealTier.Street && a.State == AppealState.Accepted && a.DispatchDueAt > seeded
                && a.Events.Any(e => e.Type == "escalate" && e.ActorUserId != null));
        }
    }
}
