using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

/// <summary>The residents, households and tags API under /api/v1; the pages call the same use cases.</summary>
public static class PeopleApi
{
    public static void Map(WebApplication app)
    {
        var residents = app.MapGroup("/api/v1/residents").WithTags("居民");
        residents.MapGet("/", List).RequireAuthorization(Permissions.PeopleView)
            .WithSummary("居民列表：按姓名、拼音首字母、身份证号或手机号（完整）、尾号、住址搜索，可按标签、区域、楼栋筛选；敏感信息脱敏");
        residents.MapGet("/{id:int}", Get).RequireAuthorization(Permissions.PeopleView).WithSummary("居民详情（脱敏），含同户成员和标签");
        residents.MapPost("/", Create).RequireAuthorization(Permissions.PeopleEdit).WithSummary("登记居民（须住在您管辖范围内的房屋）");
        residents.MapPut("/{id:int}", Update).RequireAuthorization(Permissions.PeopleEdit).WithSummary("修改居民信息");
        residents.MapGet("/{id:int}/sensitive", Sensitive).RequireAuthorization(Permissions.SensitiveView)
            .WithSummary("查看完整身份证号、手机号、健康或残疾情况（每次查看都记入审计日志）");
        residents.MapPut("/{id:int}/tags", SetTags).RequireAuthorization(Permissions.PeopleEdit).WithSummary("设置居民标签（敏感标签需查看敏感信息权限）");
        residents.MapPost("/import", Import).RequireAuthorization(Permissions.PeopleImport).DisableAntiforgery()
            .WithSummary("从 Excel（.xlsx）批量导入居民（multipart/form-data，字段 file），逐行返回导入结果");
        residents.MapGet("/import-template", Template).RequireAuthorization(Permissions.PeopleView).WithSummary("下载居民导入模板（.xlsx）");
        residents.MapGet("/export", Export).RequireAuthorization(Permissions.PeopleExport)
            .WithSummary("按筛选条件导出居民名单（.xlsx）；默认脱敏，full=true 且有查看敏感信息权限时导出完整信息；均记入审计日志");

        var households = app.MapGroup("/api/v1/households").WithTags("居民户");
        households.MapGet("/", ListHouseholdsAsync).RequireAuthorization(Permissions.PeopleView).WithSummary("户列表（含成员及与户主关系），可按房屋或楼栋筛选");
        households.MapGet("/{id:int}", GetHousehold).RequireAuthorization(Permissions.PeopleView).WithSummary("户详情");
        households.MapPost("/", CreateHouseholdAsync).RequireAuthorization(Permissions.PeopleEdit).WithSummary("立户：在一处房屋登记一户并指定成员与户主关系");

        var tags = app.MapGroup("/api/v1/tags").WithTags("居民标签");
        tags.MapGet("/", ListTags).RequireAuthorization(Permissions.PeopleView).WithSummary("标签列表（内置与自定义）");
        tags.MapPost("/", CreateTagAsync).RequireAuthorization(Permissions.PeopleEdit).WithSummary("新增自定义标签（社区管理员及以上）");
    }

    private static async Task<Ok<ResidentPage>> List(string? q, string? tag, int? areaId, int? buildingId, int? page, int? pageSize,
        AppDbContext db, SensitiveDataProtector protector, AuditLog audit, CancellationToken ct) =>
        TypedResults.Ok(await ResidentSearch.PageAsync(db, protector, audit, new ResidentFilter(q, tag, areaId, buildingId), page ?? 1, pageSize ?? 20, ct));

    private static async Task<Ok<ResidentDetails>> Get(int id, AppDbContext db, AuditLog audit, CancellationToken ct) =>
        TypedResults.Ok(await GetResident.HandleAsync(db, audit, id, ct));

    private static async Task<Created<ResidentDetails>> Create(ResidentInput input, AppDbContext db, SensitiveDataProtector protector, AuditLog audit,
        TimeProvider clock, CancellationToken ct)
    {
        var id = await SaveResident.HandleAsync(db, protector, audit, clock, null, input, ct);
        return TypedResults.Created($"/api/v1/residents/{id}", await GetResident.HandleAsync(db, audit, id, ct));
    }

    private static async Task<Ok<ResidentDetails>> Update(int id, ResidentInput input, AppDbContext db, SensitiveDataProtector protector, AuditLog audit,
        TimeProvider clock, CancellationToken ct)
    {
        await SaveResident.HandleAsync(db, protector, audit, clock, id, input, ct);
        return TypedResults.Ok(await GetResident.HandleAsync(db, audit, id, ct));
    }

    private static async Task<Ok<SensitiveValues>> Sensitive(int id, AppDbContext db, SensitiveDataProtector protector, AuditLog audit, CancellationToken ct) =>
        TypedResults.Ok(await RevealSensitive.HandleAsync(db, protector, audit, id, "API", ct));

    private static async Task<Ok<IReadOnlyList<TagView>>> SetTags(int id, ResidentTagsInput input, AppDbContext db, AuditLog audit, CancellationToken ct) =>
        TypedResults.Ok(await SetResidentTags.HandleAsync(db, audit, id, input, ct));

    private static async Task<Results<Ok<ImportReport>, ProblemHttpResult>> Import(HttpRequest request, AppDbContext db, SensitiveDataProtector protector,
        AuditLog audit, TimeProvider clock, IOptions<PeopleOptions> options, CancellationToken ct)
    {
        var upload = await ImportUpload.ReadAsync(request, options.Value, ct);
        if (upload.Problem is { } problem) return problem;
        await using var content = upload.Content!;
        try
        {
            var report = await ImportResidents.HandleAsync(db, protector, audit, clock, content, upload.FileName, options.Value,
                request.HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
            return TypedResults.Ok(report);
        }
        catch (ImportTooLargeException e)
        {
            return ImportUpload.TooLarge(e.Message);
        }
    }

    private static FileContentHttpResult Template() =>
        TypedResults.File(ImportTemplate.Bytes(), ImportTemplate.ContentType, ImportTemplate.FileName);

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Export(string? q, string? tag, int? areaId, int? buildingId, bool? full,
        AppDbContext db, SensitiveDataProtector protector, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        if (full == true && !db.CurrentUser.HasPermission(Permissions.SensitiveView))
            return TypedResults.Problem(title: "没有权限", detail: "导出完整身份证号和手机号需要“查看敏感信息”权限；去掉 full=true 可导出脱敏名单。", statusCode: StatusCodes.Status403Forbidden);
        var result = await ExportResidents.HandleAsync(db, protector, audit, clock, new ResidentFilter(q, tag, areaId, buildingId), full == true, ct);
        return TypedResults.File(result.File, ImportTemplate.ContentType, result.FileName);
    }

    private static async Task<Ok<HouseholdPage>> ListHouseholdsAsync(int? dwellingId, int? buildingId, int? page, AppDbContext db, AuditLog audit, CancellationToken ct) =>
        TypedResults.Ok(await ListHouseholds.HandleAsync(db, audit, dwellingId, buildingId, page ?? 1, ct));

    private static async Task<Ok<HouseholdView>> GetHousehold(int id, AppDbContext db, AuditLog audit, CancellationToken ct) =>
        TypedResults.Ok(await ListHouseholds.OneAsync(db, audit, id, ct));

    private static async Task<Created<HouseholdView>> CreateHouseholdAsync(HouseholdInput input, AppDbContext db, AuditLog audit, CancellationToken ct)
    {
        var household = await CreateHousehold.HandleAsync(db, audit, input, ct);
        return TypedResults.Created($"/api/v1/households/{household.Id}", household);
    }

    private static async Task<Ok<List<TagView>>> ListTags(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Tags.AsNoTracking().OrderBy(t => t.Id).Select(t => new TagView(t.Id, t.Code, t.Name, t.IsSensitive, t.IsBuiltIn)).ToListAsync(ct));

    private static async Task<Results<Created<TagView>, ProblemHttpResult>> CreateTagAsync(TagInput input, AppDbContext db, CancellationToken ct)
    {
        if (!CreateTag.MayManageTags(db.CurrentUser))
            return TypedResults.Problem(title: "没有权限", detail: "只有社区管理员或系统管理员可以新增标签。", statusCode: StatusCodes.Status403Forbidden);
        var tag = await CreateTag.HandleAsync(db, input, ct);
        return TypedResults.Created($"/api/v1/tags/{tag.Id}", tag);
    }
}

/// <summary>Reads the uploaded import file into memory, refusing oversize uploads before they are read whole.</summary>
internal static class ImportUpload
{
    public sealed record Upload(Stream? Content, string FileName, ProblemHttpResult? Problem);

    public static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(title: "上传文件过大", detail: detail, statusCode: StatusCodes.Status413PayloadTooLarge);

    public static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(title: "提交的内容有误", detail: detail, statusCode: StatusCodes.Status422UnprocessableEntity);

    public static async Task<Upload> ReadAsync(HttpRequest request, PeopleOptions options, CancellationToken ct)
    {
        // Multipart framing adds a little; anything far over the limit is refused without reading it.
        if (request.ContentLength is { } length && length > options.ImportMaxBytes + 64 * 1024)
            return new Upload(null, "", TooLarge(ImportResidents.TooLargeMessage(options)));
        if (!request.HasFormContentType)
            return new Upload(null, "", Invalid("请以 multipart/form-data 方式上传文件，字段名为 file。"));
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return new Upload(null, "", Invalid("上传内容不完整或格式有误，请重新选择文件上传。"));
        }
        var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        if (file is null || file.Length == 0)
            return new Upload(null, "", Invalid("请选择要导入的 Excel 文件（.xlsx）。"));
        if (file.Length > options.ImportMaxBytes)
            return new Upload(null, file.FileName, TooLarge(ImportResidents.TooLargeMessage(options)));
        var content = new MemoryStream(checked((int)file.Length));
        await file.CopyToAsync(content, ct);
        content.Position = 0;
        return new Upload(content, Path.GetFileName(file.FileName), null);
    }
}
