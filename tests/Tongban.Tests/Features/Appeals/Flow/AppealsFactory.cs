using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Appeals.Flow;

/// <summary>
/// The app with the small demo district and the appeal jobs switched off, so each test runs the deadline job and the
/// outbox itself, at the moment (and with the clock) it chooses.
/// </summary>
public class AppealsFactory : TongbanFactory
{
    private readonly ConcurrentDictionary<string, Task<HttpClient>> _clients = new();

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Appeals:Jobs:DeadlinesEnabled", "false"),
        new("Appeals:Jobs:OutboxEnabled", "false"),
        new("Files:Root", FilesRoot),
    ];

    /// <summary>Uploaded files of this test class, away from the source tree.</summary>
    public string FilesRoot { get; } = Path.Combine(Path.GetTempPath(), "tongban-tests", "files-" + Guid.NewGuid().ToString("N")[..12]);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { if (Directory.Exists(FilesRoot)) Directory.Delete(FilesRoot, recursive: true); } catch (IOException) { }
    }

    /// <summary>One signed-in API client per demo user, reused across the tests of a class.</summary>
    public Task<HttpClient> As(string userName) => _clients.GetOrAdd(userName, u => ApiClientAsync(u));

    public async Task<string> UserIdAsync(string userName)
    {
        await using var scope = SystemScope(out var db);
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }

    /// <summary>A building in the user's own grid (or area), the n-th one.</summary>
    public async Task<int> BuildingOfAsync(string userName, int n = 0)
    {
        await using var scope = SystemScope(out var db);
        var path = await db.Users.Where(u => u.UserName == userName).Select(u => u.AreaPath).SingleAsync();
        return await db.Buildings.Where(b => b.AreaPath.StartsWith(path)).OrderBy(b => b.Id).Skip(n).Select(b => b.Id).FirstAsync();
    }

    public async Task<int> DistrictIdAsync()
    {
        await using var scope = SystemScope(out var db);
        return await db.Areas.Where(a => a.Level == Tongban.Web.Features.Places.AreaLevel.District).Select(a => a.Id).SingleAsync();
    }

    public async Task<int> CategoryIdAsync(string code)
    {
        await using var scope = SystemScope(out var db);
        return await db.AppealCategories.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
    }

    /// <summary>An accepted appeal escalated by the community and dispatched by the street centre to 区住建局 (liaison dept1).</summary>
    public async Task<long> SentToHousingDepartmentAsync() => await SentToDepartmentAsync(await DepartmentAsync("区住建局", "dept1"));

    /// <summary>An accepted appeal escalated by the community and dispatched by the street centre to the department.</summary>
    public async Task<long> SentToDepartmentAsync(int departmentId)
    {
        var id = await InStateAsync(AppealState.Accepted);
        await OkAsync("window1", id, "escalate", new { reason = "需要职能部门处理" });
        await OkAsync("street1", id, "dispatch", new { lead = new { kind = (int)AssigneeKind.Department, departmentId } });
        return id;
    }

    /// <summary>The street centre transfers an appeal from 区住建局 to 区城管局, as after a site check.</summary>
    public async Task TransferToUrbanManagementAsync(long id) =>
        await OkAsync("street1", id, "dispatch", new
        {
            lead = new { kind = (int)AssigneeKind.Department, departmentId = await DepartmentAsync("区城管局") },
            reason = "经现场核实属违章搭建，转城管部门处理",
        });

    /// <summary>A department serving the whole district, with the given liaison account.</summary>
    public async Task<int> DepartmentAsync(string name, string? liaisonUserName = null)
    {
        await using var scope = SystemScope(out var db);
        var existing = await db.Departments.IgnoreQueryFilters().Where(d => d.Name == name).Select(d => (int?)d.Id).FirstOrDefaultAsync();
        if (existing is { } id) return id;
        var district = await db.Areas.IgnoreQueryFilters().Where(a => a.Level == Tongban.Web.Features.Places.AreaLevel.District).Select(a => a.AreaPath).FirstAsync();
        var liaison = liaisonUserName is null ? null : await db.Users.Where(u => u.UserName == liaisonUserName).Select(u => u.Id).SingleAsync();
        var department = new Department { Name = name, AreaPath = district, LiaisonUserId = liaison, IsActive = true };
        db.Departments.Add(department);
        await db.SaveChangesAsync();
        return department.Id;
    }

    /// <summary>The ids on the first page (up to 100) of the appeal list as the user sees it; <paramref name="query"/> is the query string.</summary>
    public async Task<List<long>> IdsAsync(string user, string query)
    {
        var client = await As(user);
        var response = await client.GetAsync($"/api/v1/appeals?pageSize=100&{query}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
    }

    /// <summary>Submits a complaint at a building through the staff API and returns its id.</summary>
    public async Task<long> SubmitAsync(string userName = "window1", int? buildingId = null, string category = "noise",
        string description = "楼上每天夜里装修，电钻声音很大，影响休息", string? phone = null, string? buildingOf = null)
    {
        var client = await As(userName);
        var building = buildingId ?? await BuildingOfAsync(buildingOf ?? "grid1");
        var response = await client.PostAsJsonAsync("/api/v1/appeals", new
        {
            kind = (int)AppealKind.Complaint, categoryId = await CategoryIdAsync(category), description, buildingId = building,
            channel = (int)AppealChannel.Window, reporterName = "王先生", reporterPhone = phone,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public async Task<HttpResponseMessage> ActAsync(string userName, long id, string action, object? body = null)
    {
        var client = await As(userName);
        return await client.PostAsJsonAsync($"/api/v1/appeals/{id}/{action}", body ?? new { });
    }

    /// <summary>Runs an action that must succeed and returns the appeal as the API answers it.</summary>
    public async Task<JsonElement> OkAsync(string userName, long id, string action, object? body = null)
    {
        var response = await ActAsync(userName, id, action, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public async Task<JsonElement> GetAsync(string userName, long id)
    {
        var client = await As(userName);
        return await client.GetFromJsonAsync<JsonElement>($"/api/v1/appeals/{id}");
    }

    public static object ToGrid(string gridUserId) => new { lead = new { kind = (int)AssigneeKind.GridWorker, userId = gridUserId } };

    /// <summary>An appeal in grid 1, brought by window1 and grid1 through the API to the requested state.</summary>
    public async Task<long> InStateAsync(AppealState state, string? phone = null)
    {
        var id = await SubmitAsync(phone: phone);
        if (state == AppealState.Submitted) return id;
        if (state == AppealState.Rejected)
        {
            await OkAsync("window1", id, "reject", new { reason = "不属于社区受理范围" });
            return id;
        }
        if (state == AppealState.Merged)
        {
            var main = await SubmitAsync();
            await OkAsync("window1", id, "merge", new { mainId = main });
            return id;
        }
        await OkAsync("window1", id, "accept");
        if (state == AppealState.Accepted) return id;
        await OkAsync("window1", id, "dispatch", ToGrid(await UserIdAsync("grid1")));
        if (state == AppealState.Dispatched) return id;
        await OkAsync("grid1", id, "acknowledge");
        if (state == AppealState.Acknowledged) return id;
        await OkAsync("grid1", id, "start", new { note = "已上门查看" });
        if (state == AppealState.InProgress) return id;
        await OkAsync("grid1", id, "resolve", new { result = "已与楼上住户沟通，约定夜间不再施工" });
        if (state == AppealState.Resolved) return id;
        await OkAsync("window1", id, "follow-up", new { resolved = false, satisfied = false, note = "仍有噪音" });
        if (state == AppealState.FollowedUp) return id;
        await OkAsync("window1", id, "close");
        return id;
    }
}

public static class ProblemAssert
{
    /// <summary>The response is a ProblemDetails with this status and a Chinese detail; returns the detail.</summary>
    public static async Task<string> IsAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString() ?? "";
        Assert.Contains(detail, c => c >= '\u4e00' && c <= '\u9fff');
        return detail;
    }
}
