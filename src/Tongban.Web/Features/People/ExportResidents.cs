using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

/// <summary>
/// Exports the filtered residents as .xlsx (导出居民). ID and phone are masked unless the caller may see sensitive data
/// and asks for the full values; every export is logged with its filter and row count, a full one also as "export-sensitive".
/// </summary>
public static class ExportResidents
{
    private const int Chunk = 1000;

    public sealed record Result(Stream File, string FileName, int Count);

    public static async Task<Result> HandleAsync(AppDbContext db, SensitiveDataProtector protector, AuditLog audit, TimeProvider clock,
        ResidentFilter filter, bool full, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(filter);
        var sensitive = db.CurrentUser.HasPermission(Permissions.SensitiveView);
        if (full && !sensitive) throw new InvalidOperationException("full export without permission must be refused by the caller");

        var query = await ResidentSearch.QueryAsync(db, protector, audit, filter, ct);
        var ids = await query.Select(r => r.Id).ToListAsync(ct);
        var description = filter.Describe() is { Length: > 0 } d ? d : "全部";
        // Logged before the file exists: no export leaves without its record.
        if (full)
            await audit.RecordAsync("export-sensitive", nameof(Resident), "export", $"导出含完整身份证号、手机号、健康情况的居民名单：筛选条件（{description}），共{ids.Count}人", db.CurrentUser.ScopePath, ct);
        await audit.RecordAsync("export", nameof(Resident), "export", $"导出居民名单（{(full ? "完整" : "脱敏")}）：筛选条件（{description}），共{ids.Count}人", db.CurrentUser.ScopePath, ct);

        var path = Path.Combine(Path.GetTempPath(), $"tongban-export-{Guid.NewGuid():N}.xlsx");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        try
        {
            using (var workbook = new XlsxWriter(file))
            {
                string[] header = full
                    ? ["姓名", "性别", "出生年份", "身份证号", "手机号", "与户主关系", "住址", "标签", "健康或残疾情况"]
                    : ["姓名", "性别", "出生年份", "身份证号（脱敏）", "手机号（脱敏）", "与户主关系", "住址", "标签"];
                using var sheet = workbook.AddSheet("居民名单", full ? [10, 6, 9, 22, 15, 10, 36, 24, 30] : [10, 6, 9, 22, 15, 10, 36, 24]);
                sheet.WriteRow(header, bold: true);
                foreach (var chunk in ids.Chunk(Chunk))
                {
                    var list = chunk.ToList();
                    var rows = await db.Residents.AsNoTracking().Where(r => list.Contains(r.Id)).OrderBy(r => r.Id)
                        .Select(r => new
                        {
                            r.Id, r.Name, r.Gender, r.BirthYear, r.IdNumberMasked, r.PhoneMasked, r.RelationshipToHead, r.DwellingId,
                            r.IdNumberCipher, r.PhoneCipher, r.HealthCipher,
                        })
                        .ToListAsync(ct);
                    var addresses = await PeopleLookup.AddressesAsync(db, rows.Where(r => r.DwellingId is not null).Select(r => r.DwellingId!.Value).Distinct().ToList(), ct);
                    var tags = await PeopleLookup.TagsAsync(db, list, sensitive, ct);
                    foreach (var r in rows)
                    {
                        var address = r.DwellingId is { } dw ? addresses.GetValueOrDefault(dw, "") : "";
                        var tagNames = string.Join("、", tags.GetValueOrDefault(r.Id, []).Select(t => t.Name));
                        var birthYear = r.BirthYear?.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        sheet.WriteRow(full
                            ? [r.Name, r.Gender, birthYear, protector.Decrypt(r.IdNumberCipher), protector.Decrypt(r.PhoneCipher), r.RelationshipToHead, address, tagNames, protector.Decrypt(r.HealthCipher)]
                            : [r.Name, r.Gender, birthYear, r.IdNumberMasked, r.PhoneMasked, r.RelationshipToHead, address, tagNames]);
                    }
                }
            }
            file.Position = 0;
            var stamp = clock.GetUtcNow().ToShanghai().ToString("yyyyMMdd-HHmm", System.Globalization.CultureInfo.InvariantCulture);
            return new Result(file, $"居民名单-{stamp}{(full ? "-完整" : "")}.xlsx", ids.Count);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
