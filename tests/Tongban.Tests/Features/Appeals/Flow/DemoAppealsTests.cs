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
            Assert.Equal(DemoAppeals.Departments.Length, await db.Departments.IgnoreQueryFilters().CountAsync());
        }
        var client = await app.As("admin");
        var noise = await client.GetFromJsonAsync<JsonElement>("/api/v1/appeals?q=" + Uri.EscapeDataString("噪音") + "&pageSize=100");
        Assert.NotEmpty(noise.GetProperty("items").EnumerateArray());
        Assert.All(noise.GetProperty("items").EnumerateArray(), i => Assert.Equal("噪音扰民", i.GetProperty("categoryName").GetString()));
        var rates = await client.GetFromJsonAsync<JsonElement>("/api/v1/appeals/rates");
        Assert.True(rates.GetProperty("overall").GetProperty("score").GetDouble() > 0.5);
    }
}
