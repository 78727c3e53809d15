using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.Accounts.Audit;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.Accounts;

public sealed class AuditTests(AccountsFactory factory) : IClassFixture<AccountsFactory>
{
    private static string Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToShanghai().DateTime).ToString("yyyy-MM-dd");

    /// <summary>Renames a building as the system would, giving one audited update in that building's grid.</summary>
    private async Task<(int BuildingId, string AreaPath)> RenameBuildingAsync(string from, string to)
    {
        await using var scope = factory.SystemScope(out var db);
        var building = await db.Buildings.SingleAsync(b => b.Name == from);
        building.Name = to;
        await db.SaveChangesAsync();
        return (building.Id, building.AreaPath);
    }

    [Fact]
    public async Task Every_audited_kind_of_record_has_a_chinese_name_for_the_log_and_the_workbench()
    {
        await using var scope = factory.SystemScope(out var db);
        var audited = db.Model.GetEntityTypes().Where(t => !t.IsOwned()).Select(t => t.ClrType.Name)
            .Where(n => !EntityAudit.Skipped.Contains(n)).Distinct().Order().ToList();
        var missing = audited.Where(n => !AuditLabels.EntityTypes.ContainsKey(n)).ToList();
        Assert.True(missing.Count == 0, "没有中文名称：" + string.Join(", ", missing));
        Assert.All(AuditLabels.EntityTypes.Values, v => Assert.Matches("^[\u4e00-\u9fff（）·]+$", v));
    }

    [Fact]
    public async Task Every_audited_field_has_a_chinese_name_for_the_log()
    {
        await using var scope = factory.SystemScope(out var db);
        var fields = db.Model.GetEntityTypes().Where(t => !t.IsOwned() && !EntityAudit.Skipped.Contains(t.ClrType.Name))
            .SelectMany(t => t.GetProperties().Select(p => (Type: t.ClrType.Name, Field: p.Name)))
            .Where(f => f.Field != "ConcurrencyStamp").ToList();
        var missing = fields.Where(f => AuditDiff.FieldLabel(f.Type, f.Field) == f.Field)
            .Select(f => f.Field).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "字段没有中文名称：" + string.Join(", ", missing));
        Assert.All(fields, f => Assert.Matches("^[\u4e00-\u9fff（）·、/A-Za-z0-9 -]+$", AuditDiff.FieldLabel(f.Type, f.Field)));
    }

    [Fact]
    public void A_diff_row_names_the_field_in_chinese_and_shows_an_enum_value_by_its_chinese_name()
    {
        var rows = AuditDiff.Rows("Appeal", typeof(Tongban.Web.Features.Appeals.Appeal), "{\"Id\":7,\"State\":1}", "{\"Id\":7,\"State\":2}");
        var state = Assert.Single(rows, r => r.Field == "State");
        Assert.Equal("状态", state.Label);
        Assert.Equal("已提交", state.Before);
        Assert.Equal("已受理", state.After);
        Assert.Equal("编号", rows[0].Label); // the record's number first
    }

    [Fact]
    public async Task Every_change_writes_an_entry_with_before_and_after_and_the_chain_verifies()
    {
        await factory.SeedAsync();
        var (id, path) = await RenameBuildingAsync("2号楼", "2号楼（东）");

        var admin = await factory.ApiClientAsync("admin");
        var page = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?entityType=Building&entityId={id}");
        var entry = page.GetProperty("items").EnumerateArray().First(e => e.GetProperty("action").GetString() == "update");
        Assert.Equal(path, entry.GetProperty("areaPath").GetString());
        Assert.Equal("{\"Id\":" + id + ",\"Name\":\"2号楼\"}", entry.GetProperty("before").GetString());
        Assert.Equal("{\"Id\":" + id + ",\"Name\":\"2号楼（东）\"}", entry.GetProperty("after").GetString());
        Assert.Equal("系统", entry.GetProperty("userName").GetString());

        var verify = await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify");
        Assert.True(verify.GetProperty("intact").GetBoolean());
        Assert.True(verify.GetProperty("checked").GetInt64() >= 1);
        Assert.Equal($"完整（{verify.GetProperty("checked").GetInt64()}条）", verify.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Filters_by_user_action_type_and_shanghai_dates()
    {
        await factory.SeedAsync();
        await factory.ApiLoginAsync("window1");
        var admin = await factory.ApiClientAsync("admin");

        var signIns = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?action=sign-in&from={Today}&to={Today}");
        Assert.Contains(signIns.GetProperty("items").EnumerateArray(), e => e.GetProperty("detail").GetString()!.Contains("window1"));
        Assert.All(signIns.GetProperty("items").EnumerateArray(), e => Assert.Equal("sign-in", e.GetProperty("action").GetString()));

        var tomorrow = DateOnly.Parse(Today).AddDays(1).ToString("yyyy-MM-dd");
        var none = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?from={tomorrow}");
        Assert.Equal(0, none.GetProperty("total").GetInt32());

        var byUser = await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?userName=系统&entityType=Area");
        Assert.True(byUser.GetProperty("total").GetInt32() >= 9);
        Assert.All(byUser.GetProperty("items").EnumerateArray(), e => Assert.Equal("Area", e.GetProperty("entityType").GetString()));

        var backwards = await admin.GetAsync($"/api/v1/audit?from={tomorrow}&to={Today}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backwards.StatusCode);
    }

    [Fact]
    public async Task Community_staff_see_only_entries_inside_their_area()
    {
        var data = await factory.SeedAsync();
        var (inside, _) = await RenameBuildingAsync("1号楼", "1号楼（南）");
        var (outside, _) = await RenameBuildingAsync("9号楼", "9号楼（北）");

        var secretary = await factory.ApiClientAsync("secretary1");
        var seen = await secretary.GetFromJsonAsync<JsonElement>("/api/v1/audit?entityType=Building");
        var ids = seen.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("entityId").GetString()).ToList();
        Assert.Contains(inside.ToString(), ids);
        Assert.DoesNotContain(outside.ToString(), ids);
        Assert.All(seen.GetProperty("items").EnumerateArray(), e => Assert.StartsWith(data.Community1.AreaPath, e.GetProperty("areaPath").GetString()));

        var admin = await factory.ApiClientAsync("admin");
        var all = await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?entityType=Building");
        Assert.Contains(outside.ToString(), all.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("entityId").GetString()));
    }

    [Fact]
    public async Task The_audit_log_needs_its_permission()
    {
        await factory.SeedAsync();
        var grid1 = await factory.ApiClientAsync("grid1");
        Assert.Equal(HttpStatusCode.Forbidden, (await grid1.GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await grid1.GetAsync("/api/v1/audit/verify")).StatusCode);
        var page = await factory.PageClientAsync("grid1");
        Assert.Equal(HttpStatusCode.Forbidden, (await page.GetAsync("/Accounts/Audit")).StatusCode);
    }

    [Fact]
    public async Task The_audit_page_filters_shows_changes_readably_and_verifies_the_chain()
    {
        await factory.SeedAsync();
        await RenameBuildingAsync("3号楼", "3号楼（西）");
        var admin = await factory.PageClientAsync("admin");
        var html = await admin.GetStringAsync($"/Accounts/Audit?entityType=Building&from={Today}&to={Today}");
        Assert.Contains("3号楼（西）", html);
        Assert.Contains("改前", html);
        Assert.Contains("楼栋", html);

        var verified = await admin.GetStringAsync("/Accounts/Audit?handler=Verify");
        Assert.Matches("哈希链完整（\\d+条）", verified);
    }

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_audit_entries()
    {
        await factory.SeedAsync();
        await using var scope = factory.SystemScope(out var db);
        var id = await db.AuditEntries.MaxAsync(a => a.Id);
        await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Detail\" = 'x' WHERE \"Id\" = {0}", id));
        await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Id\" = {0}", id));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Id == id));
    }

    [Fact]
    [Trait("Db", "none")]
    public void Start_of_day_is_midnight_in_shanghai()
    {
        Assert.Equal(new DateTimeOffset(2026, 2, 14, 16, 0, 0, TimeSpan.Zero), SearchAudit.StartOfDay(new DateOnly(2026, 2, 15)));
        var rows = AuditDiff.Rows("Building", typeof(Tongban.Web.Features.Places.Building), "{\"Name\":\"旧\",\"Floors\":6}", "{\"Name\":\"新\",\"Floors\":6,\"Ok\":true}");
        Assert.Equal(["Floors", "Name", "Ok"], rows.Select(r => r.Field)); // by the Chinese name: 层数, 名称, then the unnamed Ok
        Assert.True(rows.Single(r => r.Field == "Name").Changed);
        Assert.Equal("是", rows.Single(r => r.Field == "Ok").After);
        // Stored instants read in Beijing time; a date alone or a text that only starts like one stays as it is.
        rows = AuditDiff.Rows("Building", typeof(Tongban.Web.Features.Places.Building), null, "{\"CreatedAt\":\"2026-11-24T16:24:45.25+00:00\",\"On\":\"2026-11-25\",\"Note\":\"2026-11-24T16:24 见面\"}");
        Assert.Equal("2026-11-25 00:24:45", rows.Single(r => r.Field == "CreatedAt").After);
        Assert.Equal("2026-11-25", rows.Single(r => r.Field == "On").After);
        Assert.Equal("2026-11-24T16:24 见面", rows.Single(r => r.Field == "Note").After);
        // The workbench names a record by a name, not by a bare number (a warning's code 4 said “4”).
        Assert.Null(AuditLabels.Subject(null, "{\"Code\":4,\"AppealId\":197}"));
        Assert.Equal("“SQ261023000197”", AuditLabels.Subject(null, "{\"Number\":\"SQ261023000197\",\"Code\":\"7\"}"));
    }
}

/// <summary>Tampering breaks the chain for the rest of the database, so it has a database of its own.</summary>
public sealed class AuditTamperingTests(AccountsFactory factory) : IClassFixture<AccountsFactory>
{
    [Fact]
    public async Task An_entry_edited_behind_the_triggers_back_is_found_at_that_entry()
    {
        await factory.SeedAsync();
        long target;
        await using (var scope = factory.SystemScope(out var db))
        {
            target = await db.AuditEntries.OrderBy(a => a.Id).Skip(5).Select(a => a.Id).FirstAsync();
            Assert.Null((await AuditChain.VerifyAsync(db)).FirstBrokenId);
            // What an attacker with database access would do: switch the guard off, then edit.
            if (factory.Database.IsPostgres)
            {
                await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AuditEntries\" DISABLE TRIGGER \"AuditEntries_append_only\"");
                await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Detail\" = '改过了' WHERE \"Id\" = {0}", target);
                await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AuditEntries\" ENABLE TRIGGER \"AuditEntries_append_only\"");
            }
            else
            {
                await db.Database.ExecuteSqlRawAsync("DROP TRIGGER \"AuditEntries_no_update\"");
                await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Detail\" = '改过了' WHERE \"Id\" = {0}", target);
            }
            Assert.Equal(target, (await AuditChain.VerifyAsync(db)).FirstBrokenId);
        }

        var admin = await factory.ApiClientAsync("admin");
        var verify = await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify");
        Assert.False(verify.GetProperty("intact").GetBoolean());
        Assert.Equal(target, verify.GetProperty("firstBrokenId").GetInt64());

        var page = await factory.PageClientAsync("admin");
        var html = await page.GetStringAsync("/Accounts/Audit?handler=Verify");
        Assert.Contains($"哈希链在第 {target} 号记录处断裂", html);
    }
}
