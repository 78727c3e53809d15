using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Infrastructure;
using static Tongban.Tests.Features.People.TestWorkbook;

namespace Tongban.Tests.Features.People;

public sealed class ImportResidentsTests(PeopleFactory factory) : IClassFixture<PeopleFactory>, IAsyncLifetime
{
    public async Task InitializeAsync() => await PeopleWorld.EnsureAsync(factory);

    public Task DisposeAsync() => Task.CompletedTask;

    private static MultipartFormDataContent Upload(byte[] bytes, string fileName = "居民.xlsx", string field = "file")
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        content.Add(file, field, fileName);
        return content;
    }

    private async Task<int> CountAsync(params string[] names)
    {
        await using var scope = factory.SystemScope(out var db);
        return await db.Residents.CountAsync(r => names.Contains(r.Name));
    }

    private static List<(int Row, string Column, string Reason)> Problems(JsonElement report) =>
        report.GetProperty("problems").EnumerateArray()
            .Select(p => (p.GetProperty("row").GetInt32(), p.GetProperty("column").GetString()!, p.GetProperty("reason").GetString()!)).ToList();

    [Fact]
    public async Task Bad_rows_are_named_with_the_reason_and_good_rows_are_imported_once()
    {
        var good1 = PeopleWorld.IdNumber("32010219880101001");
        var good2 = PeopleWorld.IdNumber("32010219900202002");
        var badCheck = good1[..17] + (good1[17] == '0' ? '1' : '0');
        var file = Build(
        [
            Row("陈一", good1, "13500000001", "晨光小区", "3号楼", "1单元", "501", "户主", "党员、独居老人", "视力残疾 一级"),   // row 2
            Row("陈二", badCheck, null, "晨光小区", "3号楼", "1单元", "501"),                                              // row 3
            Row("陈三", PeopleWorld.IdNumber("32010219920303003"), Formula, "晨光小区", "3号楼", "1单元", "501"),           // row 4
            Row("<b>陈四</b>", PeopleWorld.IdNumber("32010219940404004"), null, "晨光小区", "3号楼", "1单元", "501"),       // row 5
            Row("陈五", PeopleWorld.IdNumber("32010219960505005"), null, "晨光小区", "9号楼", "1单元", "501"),              // row 6
            Row("陈六", good2, "13500000002", "晨光小区", "5号楼", "2单元", "202", "配偶", "新就业群体"),                     // row 7
            Row("陈七", good1, null, "晨光小区", "5号楼", "1单元", "201"),                                                // row 8 duplicate of row 2
            Row("陈八", PeopleWorld.IdNumber("32010219980808008"), null, "东湖小区", "1号楼", "1单元", "102"),              // row 9 outside p_sec's area
            Row("陈九", PeopleWorld.IdNumber("32010220000909009"), "=HYPERLINK(\"http://x\")", "晨光小区", "3号楼", "1单元", "501"), // row 10
            Row("陈十", "3.20102199001E+17", null, "晨光小区", "3号楼", "1单元", "501"),                                    // row 11
            Row("陈十一", PeopleWorld.IdNumber("32010219850606006"), null, "晨光小区", "3号楼", "1单元", "501", "户主"),     // row 12 second head
            Row("陈十二", PeopleWorld.IdNumber("32010219830707007"), null, "晨光小区", "3号楼", "1单元", "501", null, "不存在的标签"), // row 13
        ]);
        var client = await factory.ApiClientAsync("p_sec");
        var response = await client.PostAsync("/api/v1/residents/import", Upload(file));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(12, report.GetProperty("totalRows").GetInt32());
        Assert.Equal(2, report.GetProperty("imported").GetInt32());
        Assert.Equal(2, report.GetProperty("created").GetInt32());
        Assert.Equal(10, report.GetProperty("failed").GetInt32());

        var problems = Problems(report);
        Assert.Contains((3, "身份证号", "身份证号校验位不正确，请核对后重新输入"), problems);
        Assert.Contains(problems, p => p is { Row: 4, Column: "手机号" } && p.Reason.Contains("公式", StringComparison.Ordinal));
        Assert.Contains(problems, p => p is { Row: 5, Column: "姓名" } && p.Reason.Contains("HTML", StringComparison.Ordinal));
        Assert.Contains((6, "楼栋", "找不到楼栋：晨光小区9号楼"), problems);
        Assert.Contains((8, "身份证号", "与第2行的身份证号重复"), problems);
        Assert.Contains(problems, p => p is { Row: 9, Column: "楼栋" } && p.Reason.Contains("不在您的管辖范围内：东湖小区1号楼", StringComparison.Ordinal));
        Assert.Contains(problems, p => p is { Row: 10, Column: "手机号" } && p.Reason.Contains("=", StringComparison.Ordinal));
        Assert.Contains(problems, p => p is { Row: 11, Column: "身份证号" } && p.Reason.Contains("科学计数法", StringComparison.Ordinal));
        Assert.Contains((12, "与户主关系", "同一户已有户主（第2行）"), problems);
        Assert.Contains(problems, p => p is { Row: 13, Column: "标签" } && p.Reason.Contains("未知标签：不存在的标签", StringComparison.Ordinal));

        await using (var scope = factory.SystemScope(out var db))
        {
            var chen1 = await db.Residents.Include(r => r.Tags).ThenInclude(t => t.Tag).SingleAsync(r => r.Name == "陈一");
            Assert.Equal(["党员", "独居老人"], chen1.Tags.Select(t => t.Tag!.Name).Order().ToArray());
            Assert.Equal(PeopleWorld.Grid1, chen1.AreaPath);
            var household = await db.Households.SingleAsync(h => h.Id == chen1.HouseholdId);
            Assert.Equal(chen1.Id, household.HeadResidentId);
            var protector = scope.ServiceProvider.GetRequiredService<SensitiveDataProtector>();
            Assert.Equal("视力残疾 一级", protector.Decrypt(chen1.HealthCipher));
            var chen6 = await db.Residents.SingleAsync(r => r.Name == "陈六");
            Assert.Equal("配偶", chen6.RelationshipToHead);
            Assert.True(await db.Dwellings.AnyAsync(d => d.Number == "202" && d.BuildingUnit!.Name == "2单元"));
            Assert.Equal(0, await db.Residents.CountAsync(r => r.Name.StartsWith("陈") && r.Name != "陈一" && r.Name != "陈六"));

            var summary = await db.AuditEntries.Where(a => a.Action == "import" && a.UserName == "p_sec").OrderByDescending(a => a.Id).FirstAsync();
            Assert.Contains(report.GetProperty("sha256").GetString()!, summary.Detail, StringComparison.Ordinal);
            Assert.Contains("新增2人", summary.Detail, StringComparison.Ordinal);
            Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == "create" && a.EntityType == "Resident" && a.UserName == "p_sec"));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "outside-scope" && a.UserName == "p_sec" && a.Detail!.Contains("第9行")));
        }

        // The same people again, with a new phone and a blank tag cell: updated in place, never duplicated.
        var again = Build(
        [
            Row("陈一", good1, "13500000009", "晨光小区", "3号楼", "1单元", "501", "户主"),
            Row("陈六", good2, null, "晨光小区", "5号楼", "2单元", "202", "配偶", "退役军人"),
        ]);
        var second = await (await client.PostAsync("/api/v1/residents/import", Upload(again))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, second.GetProperty("updated").GetInt32());
        Assert.Equal(0, second.GetProperty("created").GetInt32());
        Assert.Equal(0, second.GetProperty("failed").GetInt32());
        Assert.Equal(2, await CountAsync("陈一", "陈六"));
        await using (var scope = factory.SystemScope(out var db))
        {
            var protector = scope.ServiceProvider.GetRequiredService<SensitiveDataProtector>();
            var chen1 = await db.Residents.Include(r => r.Tags).SingleAsync(r => r.Name == "陈一");
            Assert.Equal("13500000009", protector.Decrypt(chen1.PhoneCipher));
            Assert.Equal("视力残疾 一级", protector.Decrypt(chen1.HealthCipher));
            Assert.Equal(2, chen1.Tags.Count);
            var chen6 = await db.Residents.Include(r => r.Tags).ThenInclude(t => t.Tag).SingleAsync(r => r.Name == "陈六");
            Assert.Equal("13500000002", protector.Decrypt(chen6.PhoneCipher));
            Assert.Equal(["退役军人"], chen6.Tags.Select(t => t.Tag!.Name).ToArray());
        }
        var found = await client.GetFromJsonAsync<JsonElement>("/api/v1/residents?q=13500000009");
        Assert.Equal("陈一", found.GetProperty("items")[0].GetProperty("name").GetString());
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/residents/{found.GetProperty("items")[0].GetProperty("id").GetInt32()}");
        Assert.InRange(detail.GetProperty("createdAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1));

        // Ordinary registrations after a bulk import get fresh ids.
        var after = await client.PostAsJsonAsync("/api/v1/residents", new { name = "陈后", idNumber = PeopleWorld.IdNumber("32010219790101010"), buildingId = (await FirstBuildingAsync()), unit = "1单元", room = "501" });
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
    }

    private async Task<int> FirstBuildingAsync()
    {
        await using var scope = factory.SystemScope(out var db);
        return await db.Buildings.Where(b => b.Name == "3号楼").Select(b => b.Id).SingleAsync();
    }

    [Fact]
    public async Task A_text_file_named_xlsx_is_refused_in_chinese_and_nothing_is_imported()
    {
        var client = await factory.ApiClientAsync("p_sec");
        var text = Encoding.UTF8.GetBytes("姓名,身份证号\n冯一," + PeopleWorld.IdNumber("32010219770707001"));
        var response = await client.PostAsync("/api/v1/residents/import", Upload(text, "居民名单.xlsx"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("不是 Excel 工作簿（.xlsx）", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("冯一"));

        // A zip that is not a workbook, and an old .xls header.
        using var zipBytes = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(zipBytes, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = zip.CreateEntry("hello.txt").Open();
            await entry.WriteAsync("你好"u8.ToArray());
        }
        var notWorkbook = await client.PostAsync("/api/v1/residents/import", Upload(zipBytes.ToArray()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notWorkbook.StatusCode);
        var xls = await client.PostAsync("/api/v1/residents/import", Upload([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]));
        Assert.Contains(".xls", (await xls.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A workbook without the required header.
        var noHeader = await client.PostAsync("/api/v1/residents/import", Upload(Build([["名字", "号码"], ["冯一", "1"]], withHeader: false)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noHeader.StatusCode);
        Assert.Contains("表头缺少列：姓名、身份证号", (await noHeader.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversize_file_is_refused_with_413()
    {
        var client = await factory.ApiClientAsync("p_sec");
        var big = new byte[PeopleFactory.ImportLimit + 1];
        "PK\u0003\u0004"u8.CopyTo(big);
        var response = await client.PostAsync("/api/v1/residents/import", Upload(big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("大小上限", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_needs_the_import_permission_and_the_template_downloads()
    {
        var grid = await factory.ApiClientAsync("p_grid1");
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.PostAsync("/api/v1/residents/import", Upload(Build([])))).StatusCode);

        var template = await grid.GetAsync("/api/v1/residents/import-template");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", template.Content.Headers.ContentType?.MediaType);
        var rows = ReadRows(await template.Content.ReadAsByteArrayAsync());
        Assert.Equal(Tongban.Web.Features.People.ImportColumns.All, rows[0].ToArray());
    }

    [Fact]
    public async Task The_import_page_uploads_and_shows_the_report()
    {
        var client = await factory.PageClientAsync("p_sec");
        var page = await client.GetStringAsync("/People/Import");
        Assert.Contains("下载导入模板", page, StringComparison.Ordinal);
        var form = Upload(Build(
        [
            Row("蒋一", PeopleWorld.IdNumber("32010219660606001"), null, "晨光小区", "3号楼", "1单元", "101"),
            Row("蒋二", "123", null, "晨光小区", "3号楼", "1单元", "101"),
        ]), field: "Upload");
        form.Add(new StringContent(Forms.AntiforgeryToken(page)), "__RequestVerificationToken");
        var response = await client.PostAsync("/People/Import", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("成功导入 1 行", html, StringComparison.Ordinal);
        Assert.Contains("第 3 行", html, StringComparison.Ordinal);
        Assert.Contains("身份证号应为18位，当前为3位", html, StringComparison.Ordinal);

        var notExcel = Upload(Encoding.UTF8.GetBytes("hello"), "a.xlsx", "Upload");
        notExcel.Add(new StringContent(Forms.AntiforgeryToken(page)), "__RequestVerificationToken");
        var refused = await (await client.PostAsync("/People/Import", notExcel)).Content.ReadAsStringAsync();
        Assert.Contains("不是 Excel 工作簿", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imported_residents_are_found_by_search_and_later_inserts_still_index()
    {
        var file = Build(
        [
            Row("欧阳索引", PeopleWorld.IdNumber("32010219770707071"), null, "晨光小区", "3号楼", "1单元", "502", "户主"),
            Row("欧阳检验", PeopleWorld.IdNumber("32010219780808082"), null, "晨光小区", "3号楼", "1单元", "502", "配偶"),
        ]);
        var client = await factory.ApiClientAsync("p_sec");
        var response = await client.PostAsync("/api/v1/residents/import", Upload(file));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Found by a two-character word of the name: the search index holds the imported rows.
        var found = await client.GetFromJsonAsync<JsonElement>("/api/v1/residents?q=" + Uri.EscapeDataString("索引"));
        Assert.Contains(found.GetProperty("items").EnumerateArray(), r => r.GetProperty("name").GetString() == "欧阳索引");

        // The per-row index trigger is back after the import: a resident added the ordinary way is found too.
        await using (var scope = factory.SystemScope(out var db))
        {
            var template = await db.Residents.SingleAsync(r => r.Name == "欧阳检验");
            var protector = scope.ServiceProvider.GetRequiredService<SensitiveDataProtector>();
            var later = new Tongban.Web.Features.People.Resident { Name = "欧阳后来", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
            Tongban.Web.Features.People.ResidentWriter.Apply(later, PeopleWorld.IdNumber("32010219790909093"), null, null, protector, "晨光小区 3号楼 1单元 502");
            Tongban.Web.Features.People.ResidentWriter.PlaceIn(later, template.DwellingId!.Value, template.AreaPath, template.HouseholdId);
            db.Residents.Add(later);
            await db.SaveChangesAsync();
        }
        var later2 = await client.GetFromJsonAsync<JsonElement>("/api/v1/residents?q=" + Uri.EscapeDataString("后来"));
        Assert.Contains(later2.GetProperty("items").EnumerateArray(), r => r.GetProperty("name").GetString() == "欧阳后来");
    }
}
