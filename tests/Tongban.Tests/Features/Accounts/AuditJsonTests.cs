using System.Text.Json;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Accounts;

/// <summary>
/// Audit entries hold the changed row as JSON, written value by value (EntityAudit.Json) for speed. The text must be
/// what JsonSerializer gives for the same values in a sorted dictionary, the way entries were written before, so the
/// log reads the same whichever way an entry was made.
/// </summary>
public sealed class AuditJsonTests
{
    private static readonly JsonSerializerOptions Reference = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void Values_of_every_kind_are_written_as_JsonSerializer_writes_them()
    {
        var values = new (string Name, object? Value)[]
        {
            ("Title", "楼道堆物 <script>alert('x')</script> \"引号\" & 反斜杠\\ 表情😀"),
            ("Note", "第一行\r\n第二行\t制表\u0001控制"),
            ("Empty", ""),
            ("Missing", null),
            ("IsPublic", true),
            ("Closed", false),
            ("Count", 42),
            ("Negative", -7),
            ("Id", 5_000_123L),
            ("Latitude", 31.2000001),
            ("Tiny", 1e-7),
            ("Whole", 3.0),
            ("Zero", -0.0),
            ("At", new DateTimeOffset(2026, 11, 24, 8, 30, 15, 123, TimeSpan.FromHours(8)).AddTicks(4567)),
            ("Utc", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            ("Local", new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Unspecified)),
            ("Key", Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff")),
            ("State", AppealState.InProgress),
            ("Urgency", AppealUrgency.Urgent),
            ("Amount", 12.50m),
            ("Short", (short)3),
            ("Bytes", new byte[] { 1, 2, 3, 250 }),
            ("ReporterPhoneCipher", "secret"),
            ("SearchText", "噪音 楼道"),
            ("PasswordHash", null),
            ("ConcurrencyStamp", "left out"),
            ("aLowerCaseName", 1),
            ("Zebra", "sorted by ordinal, so capitals come first"),
        };

        var expected = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            if (name == "ConcurrencyStamp") continue;
            var secret = name.EndsWith("Cipher", StringComparison.Ordinal) || name.EndsWith("Hash", StringComparison.Ordinal) || name == "SearchText";
            expected[name] = secret && value is not null ? "(已加密)" : value;
        }

        var written = EntityAudit.Json(values, "(已加密)");

        Assert.Equal(JsonSerializer.Serialize(expected, Reference), written);
        Assert.Contains("\"ReporterPhoneCipher\":\"(已加密)\"", written);
        Assert.Contains("\"PasswordHash\":null", written);
        Assert.DoesNotContain("left out", written);
        Assert.Contains("楼道堆物", written); // Chinese kept as text, not \u escapes
    }
}
