using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;

namespace Tongban.Web.Features.Open311;

/// <summary>GET services and GET services/{code}: public appeal categories as GeoReport v2 services.</summary>
public static partial class GetOpen311Services
{
    // Service codes travel in URLs and form keys; a category whose code is not plain ASCII is not offered.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex AsciiCode();

    public static bool IsServiceCode(string code) => AsciiCode().IsMatch(code);

    /// <summary>Categories offered as services: public, active and with an ASCII code.</summary>
    public static async Task<List<AppealCategory>> ServicesAsync(AppDbContext db, CancellationToken ct)
    {
        var categories = await db.AppealCategories.AsNoTracking().Where(c => c.IsPublic && c.IsActive)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
        return categories.Where(c => IsServiceCode(c.Code)).ToList();
    }

    /// <summary>The service with this code, or a 404 in the spec's form.</summary>
    public static async Task<AppealCategory> ServiceAsync(AppDbContext db, string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code)) throw new Open311Exception(400, "缺少 service_code");
        var trimmed = code.Trim();
        var category = IsServiceCode(trimmed)
            ? await db.AppealCategories.AsNoTracking().FirstOrDefaultAsync(c => c.Code == trimmed && c.IsPublic && c.IsActive, ct)
            : null;
        return category ?? throw new Open311Exception(404, $"找不到 service_code 为“{trimmed}”的服务，请先调用 GET services 获取可用服务");
    }

    public static async Task<IResult> List(string? format, AppDbContext db, CancellationToken ct)
    {
        var f = Open311Routes.Format(format);
        var services = await ServicesAsync(db, ct);
        return new Open311Result(200, "services", new Open311List("service", services.Select(c => (object?)new Open311Record
        {
            { "service_code", c.Code },
            { "service_name", c.Name },
            { "description", c.Description },
            { "metadata", Open311Attributes.For(c.Code).Count > 0 },
            { "type", "realtime" },
            { "keywords", Keywords(c) },
            { "group", c.Group },
        }).ToList()), f);
    }

    public static async Task<IResult> Definition(string file, AppDbContext db, CancellationToken ct)
    {
        var (code, format) = Open311Routes.Split(file);
        var category = await ServiceAsync(db, code, ct);
        var order = 0;
        var attributes = Open311Attributes.For(category.Code).Select(a =>
        {
            var record = new Open311Record
            {
                { "variable", a.Variable },
                { "code", a.Code },
                { "datatype", a.Datatype },
                { "required", a.Required },
                { "datatype_description", a.DatatypeDescription },
                { "order", ++order },
                { "description", a.Description },
            };
            if (a.Datatype is Open311Attributes.SingleValueList or Open311Attributes.MultiValueList)
                record.Add("values", new Open311List("value", a.Options.Select(v => (object?)new Open311Record { { "key", v.Key }, { "name", v.Name } }).ToList()));
            return (object?)record;
        }).ToList();
        return new Open311Result(200, "service_definition", new Open311Record
        {
            { "service_code", category.Code },
            { "attributes", new Open311List("attribute", attributes) },
        }, format);
    }

    /// <summary>Synonyms for search: the category's own examples ("飞线充电、充电桩不足…") and its parent group.</summary>
    private static string Keywords(AppealCategory c) =>
        string.Join(",", c.Description.Split(['、', '，', ',', '；', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => k.TrimEnd('等')).Append(c.Group).Where(k => k.Length > 0).Distinct());
}
