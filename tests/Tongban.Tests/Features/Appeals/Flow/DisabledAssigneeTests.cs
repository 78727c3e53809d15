using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>Nothing is sent to a person whose account was disabled: a grid worker who left, a department whose liaison left.</summary>
public sealed class DisabledAssigneeTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    [Fact]
    public async Task A_disabled_grid_worker_or_liaison_is_not_offered_and_dispatch_to_them_is_refused()
    {
        var admin = await app.As("admin");
        var grid2 = await app.UserIdAsync("grid2");
        var dept1 = await app.UserIdAsync("dept1");
        var housing = await app.DepartmentAsync("区住建局", "dept1");
        foreach (var id in new[] { grid2, dept1 })
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/users/{id}/disable", new { reason = "离职" })).StatusCode);

        var appeal = await app.InStateAsync(AppealState.Accepted);
        var options = await (await app.As("window1")).GetFromJsonAsync<JsonElement>($"/api/v1/appeals/{appeal}/assignees");
        Assert.DoesNotContain(options.GetProperty("options").EnumerateArray(), o => o.GetProperty("userId").GetString() == grid2);
        var refused = await ProblemAssert.IsAsync(await app.ActAsync("window1", appeal, "dispatch", AppealsFactory.ToGrid(grid2)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("已停用", refused);

        // At the street, the housing bureau whose liaison left cannot be summoned until a new liaison is named; the list says so.
        await app.OkAsync("window1", appeal, "escalate", new { reason = "涉及多个部门" });
        refused = await ProblemAssert.IsAsync(await app.ActAsync("street1", appeal, "dispatch",
            new { lead = new { kind = (int)AssigneeKind.Department, departmentId = housing } }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("联络员账户已停用", refused);
        var departments = await admin.GetFromJsonAsync<JsonElement>("/api/v1/appeals/departments");
        Assert.True(departments.EnumerateArray().Single(d => d.GetProperty("id").GetInt32() == housing).GetProperty("liaisonDisabled").GetBoolean());
    }
}
