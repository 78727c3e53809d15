using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Services;

namespace Tongban.Tests.Features.Services;

/// <summary>The small demo district with its sample catalog; background jobs off so each test runs them itself.</summary>
public class ServicesFactory : TongbanFactory
{
    private readonly ConcurrentDictionary<string, Task<HttpClient>> _clients = new();

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Appeals:Jobs:DeadlinesEnabled", "false"),
        new("Appeals:Jobs:OutboxEnabled", "false"),
        new("Services:Jobs:RemindersEnabled", "false"),
        new("Services:Jobs:PromiseRecountEnabled", "false"),
        new("Public:WritesPerDevicePerHour", "100000"),
        new("Public:WritesPerAddressPerHour", "100000"),
        new("Public:WritesWithoutDevicePerAddressPerHour", "100000"),
        new("Public:ReadsPerAddressPerMinute", "100000"),
    ];

    public Task<HttpClient> As(string userName) => _clients.GetOrAdd(userName, u => ApiClientAsync(u));

    /// <summary>Posts JSON and returns the status with the body (default when empty), for tests that check refusals too.</summary>
    public static async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> Send(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement);
    }

    public async Task<int> ItemIdAsync(string code)
    {
        await using var scope = SystemScope(out var db);
        return await db.ServiceItems().Where(i => i.Code == code).Select(i => i.Id).SingleAsync();
    }

    public async Task<string> UserIdAsync(string userName)
    {
        await using var scope = SystemScope(out var db);
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }

    /// <summary>Starts an application as the given staff member and returns its id and checklist material ids.</summary>
    public async Task<(long Id, int[] Materials)> StartAsync(string userName, string itemCode, string applicant = "王秀英", string? phone = null)
    {
        var client = await As(userName);
        var response = await client.PostAsJsonAsync("/api/v1/services/applications",
            new { serviceItemId = await ItemIdAsync(itemCode), applicantName = applicant, applicantPhone = phone, channel = "Window" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"接待失败 {(int)response.StatusCode}: {body}");
        return (body.GetProperty("id").GetInt64(), [.. body.GetProperty("checklist").EnumerateArray().Select(m => m.GetProperty("id").GetInt32())]);
    }
}
