using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Disputes;

namespace Tongban.Tests.Features.Disputes;

/// <summary>The app with the small demo district, background jobs off (tests run the reminder job themselves) and a police duty phone.</summary>
public class DisputesFactory : TongbanFactory
{
    public const string PolicePhone = "13900001110";
    private readonly ConcurrentDictionary<string, Task<HttpClient>> _clients = new();

    public string FilesRoot { get; } = Path.Combine(Path.GetTempPath(), "tongban-tests", "files-" + Guid.NewGuid().ToString("N")[..12]);

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Appeals:Jobs:DeadlinesEnabled", "false"),
        new("Appeals:Jobs:OutboxEnabled", "false"),
        new("Disputes:Jobs:RemindersEnabled", "false"),
        new("Disputes:PoliceLiaisonPhone", PolicePhone),
        new("Files:Root", FilesRoot),
    ];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { if (Directory.Exists(FilesRoot)) Directory.Delete(FilesRoot, recursive: true); } catch (IOException) { }
    }

    public Task<HttpClient> As(string userName) => _clients.GetOrAdd(userName, u => ApiClientAsync(u));

    public async Task<string> UserIdAsync(string userName)
    {
        await using var scope = SystemScope(out var db);
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }

    public async Task<int> AreaOfAsync(string userName)
    {
        await using var scope = SystemScope(out var db);
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.AreaId).SingleAsync();
    }

    /// <summary>A valid ID number (GB 11643 check digit) for a birth date and serial.</summary>
    public static string IdNumber(string birth, int serial)
    {
        var first17 = $"990101{birth}{serial:D3}";
        return first17 + Tongban.Web.Infrastructure.ChinaIdentity.CheckCharacter(first17);
    }

    public static object[] TwoNeighbours(string? applicantId = null) =>
    [
        new { kind = "Person", role = "Applicant", name = "李建国", idNumber = applicantId ?? IdNumber("19780312", 135), phone = "13812345678", address = "滨河小区3号楼1单元201室" },
        new { kind = "Person", role = "Respondent", name = "王丽", phone = "13998765432", address = "滨河小区3号楼1单元301室" },
    ];

    /// <summary>Registers a neighbour dispute in the user's community (window1: community 1) and returns its id.</summary>
    public async Task<long> RegisterAsync(string userName = "window1", string? areaOf = null, object[]? parties = null, string title = "楼上夜间高跟鞋噪音")
    {
        var client = await As(userName);
        var response = await client.PostAsJsonAsync("/api/v1/disputes", new
        {
            title, type = "Neighbour", source = "Application", facts = "楼上住户夜间穿高跟鞋走动，影响楼下高三学生休息",
            areaId = await AreaOfAsync(areaOf ?? userName), address = "滨河小区3号楼1单元", parties = parties ?? TwoNeighbours(),
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public async Task<HttpResponseMessage> PostAsync(string userName, long id, string action, object? body = null)
    {
        var client = await As(userName);
        return await client.PostAsJsonAsync($"/api/v1/disputes/{id}/{action}", body ?? new { });
    }

    public async Task<JsonElement> OkAsync(string userName, long id, string action, object? body = null, HttpMethod? method = null)
    {
        var client = await As(userName);
        var response = method == HttpMethod.Put
            ? await client.PutAsJsonAsync($"/api/v1/disputes/{id}/{action}", body ?? new { })
            : await client.PostAsJsonAsync($"/api/v1/disputes/{id}/{action}", body ?? new { });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public async Task<JsonElement> GetAsync(string userName, long id)
    {
        var client = await As(userName);
        return await client.GetFromJsonAsync<JsonElement>($"/api/v1/disputes/{id}");
    }

    public static readonly object FullAgreement = new
    {
        facts = "王丽家住301室，夜间常穿高跟鞋在室内走动，声音传至楼下201室，影响李建国之子（高三学生）晚间学习和休息。",
        matters = "楼上夜间生活噪音是否影响楼下正常休息，以及如何避免。",
        responsibilities = "王丽对夜间噪音负有注意义务，应当采取措施避免影响邻居；李建国一方应理解邻里正常生活声音。",
        terms = "一、王丽自签字之日起每日22时至次日7时在室内不穿高跟鞋，并在客厅铺设地垫；\n二、王丽就此前造成的打扰向李建国一家当面道歉。",
        performanceManner = "第一项由王丽自觉遵守，社区调解员回访了解；第二项于签字当日当面履行。",
        performanceDeadline = "第一项自签字之日起长期履行；第二项于签字当日履行完毕。",
    };

    /// <summary>A case in community 1 brought to mediation: window1 registers, secretary1 assesses and names mediator1, who holds a session.</summary>
    public async Task<long> MediatingAsync()
    {
        var id = await RegisterAsync();
        await OkAsync("secretary1", id, "assess", new { risk = "Low", suitable = true, tier = "Community" });
        await OkAsync("secretary1", id, "mediators", new { leadUserId = await UserIdAsync("mediator1") });
        await OkAsync("mediator1", id, "sessions", new
        {
            startsAt = DateTimeOffset.UtcNow, place = "3号楼201室", mode = "Separate", attendees = "李建国、李同学",
            record = "听取楼下一家意见：孩子读高三，夜间十点后常被楼上高跟鞋声吵醒。",
        });
        return id;
    }
}

public static class ProblemAssert
{
    public static async Task<JsonElement> IsAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var root = JsonDocument.Parse(text).RootElement;
        var detail = root.GetProperty("detail").GetString() ?? "";
        Assert.Contains(detail, c => c >= '\u4e00' && c <= '\u9fff');
        return root;
    }
}
