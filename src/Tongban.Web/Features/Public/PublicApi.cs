using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Public;

/// <param name="Note">补充说明（选填）</param>
/// <param name="TrackingCodes">本机已有的查询码（选填）：其中有这条诉求的，返回原查询码，不重复计数</param>
/// <param name="IdempotencyKey">防重复提交键（选填，也可用 Idempotency-Key 请求头）：重试时带同一个键，返回第一次的查询码，不重复计数</param>
public sealed record PublicJoinRequest(string? Note, IReadOnlyList<string>? TrackingCodes = null, string? IdempotencyKey = null);

/// <summary>
/// The anonymous JSON API of the resident side (/api/v1/public): the same use cases as the phone pages. Writes are
/// rate-limited per device (X-Device-Id header or cookie) and per address.
/// </summary>
public static class PublicApi
{
    public static RouteGroupBuilder MapPublicApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/public").WithTags("居民端").AllowAnonymous().DisableAntiforgery();
        api.MapGet("/places/{code}", GetPlace).WithSummary("按二维码短码查询地点（楼栋或小区，小区附楼栋列表）");
        api.MapGet("/communities", ListCommunities).WithSummary("没有二维码时可选择的社区列表");
        api.MapGet("/categories", ListCategories).WithSummary("居民可选择的问题分类");
        api.MapGet("/places/{code}/similar", Similar).WithSummary("该地点同一分类、尚在办理中的诉求，可选择“我也遇到了”");
        // No Accepts() metadata: routing would turn another content type into a 415 endpoint outside this anonymous group.
        api.MapPost("/appeals", Submit).WithMetadata(new PublicWriteLimitAttribute())
            .WithSummary("反映问题：JSON，或带照片时用 multipart/form-data（照片字段 photos）；可带 Idempotency-Key 请求头防止重复提交")
            .AddOpenApiOperationTransformer(DescribeReportBodyAsync);
        api.MapPost("/appeals/{id:long}/supporters", Join).WithMetadata(new PublicWriteLimitAttribute())
            .WithSummary("“我也遇到了”：附议一条办理中的诉求，返回自己的查询码；本机已反映或附议过的（trackingCodes 或 Cookie 中的查询码），或以同一个防重复提交键（Idempotency-Key 请求头或 idempotencyKey）重试的，返回原查询码（200），不重复计数");
        api.MapGet("/track/{trackingCode}", Track).WithMetadata(new PublicReadLimitAttribute())
            .WithSummary("凭查询码查看诉求进度（显示办理单位，不显示工作人员姓名）；没有这个查询码时，把其中的5、8、2当作较早查询码里的字母S、B、Z再找（每种读法计一次查询），唯一对上的返回真实查询码，输入的写在 typedAs");
        // Rating and reopening find the code as /track does (a look-up as well as a write), with its limits.
        api.MapPost("/track/{trackingCode}/rating", Rate).WithMetadata(new PublicWriteLimitAttribute(), new PublicReadLimitAttribute())
            .WithSummary("办结后反映人评价：问题是否解决、是否满意；查询码按查询进度的规则查找（含5、8、2当作S、B、Z的读法，计入查询次数）");
        api.MapPost("/track/{trackingCode}/reopen", Reopen).WithMetadata(new PublicWriteLimitAttribute(), new PublicReadLimitAttribute())
            .WithSummary("评价为未解决或不满意后，在重办期限内由反映人申请重新办理（须说明原因）；查询码按查询进度的规则查找");
        // Not a look-up (no code to guess, figures cached ten minutes): it spends none of the address's look-ups.
        api.MapGet("/results", PublicResultsOf)
            .WithSummary("办理公开：所选期间（period=30、90 或 year）各街道、社区收到和办结的诉求数、三率及各层级办结占比，约每10分钟更新");
        return api;
    }

    /// <summary>
    /// The report's fields in the OpenAPI document. The handler reads the body itself (JSON, or a form with photos), so
    /// the document would otherwise show none and a client could not learn that the place goes in placeCode.
    /// </summary>
    private static async Task DescribeReportBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var schema = await context.GetOrCreateSchemaAsync(typeof(PublicReportRequest), null, ct);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "JSON；带照片时用 multipart/form-data，字段同名，照片放在 photos（可多个）",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = schema },
                ["multipart/form-data"] = new() { Schema = schema },
            },
        };
    }

    /// <summary>
    /// Routing's answer to a request under /api/v1/public that names a route with the wrong method (405) or content type
    /// (415), an endpoint routing makes itself, not one of this group's routes, so it lacks their AllowAnonymous; or no
    /// endpoint at all (a GET of a POST-only address: the pages' GET fallback keeps routing from offering a 405), a 404.
    /// </summary>
    public static bool IsRoutingRefusal(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api/v1/public") && http.GetEndpoint() is null or not RouteEndpoint;

    private static async Task<Ok<PublicResults>> PublicResultsOf(string? period, GetPublicResults results, CancellationToken ct) =>
        TypedResults.Ok(await results.HandleAsync(period, ct));

    private static async Task<Ok<PublicPlace>> GetPlace(string code, FindPlace places, CancellationToken ct) =>
        TypedResults.Ok(await places.ByCodeAsync(code, ct) ?? throw PlaceNotFound(code));

    private static async Task<Ok<IReadOnlyList<PublicCommunity>>> ListCommunities(FindPlace places, CancellationToken ct) =>
        TypedResults.Ok(await places.CommunitiesAsync(ct));

    private static async Task<Ok<IReadOnlyList<PublicCategory>>> ListCategories(ListPublicCategories categories, CancellationToken ct) =>
        TypedResults.Ok(await categories.HandleAsync(ct));

    private static async Task<Ok<IReadOnlyList<PublicSimilarAppeal>>> Similar(string code, int categoryId, FindPlace places, FindSimilarAppeals similar, CancellationToken ct)
    {
        var place = await places.ByCodeAsync(code, ct) ?? throw PlaceNotFound(code);
        return TypedResults.Ok(await similar.HandleAsync(place, categoryId, ct));
    }

    private static async Task<Results<Created<PublicReportResult>, Ok<PublicReportResult>, ProblemHttpResult>> Submit(HttpRequest request, ReportAppeal report,
        Microsoft.Extensions.Options.IOptions<PublicOptions> options, CancellationToken ct)
    {
        PublicReportRequest body;
        IReadOnlyList<IFormFile> photos = [];
        if (options.Value.TooLarge(request.ContentLength) is { } tooLarge) return tooLarge;
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return options.Value.TooLarge(long.MaxValue)!; // sent without a length, and more than the server reads
            }
            body = FromForm(form);
            photos = form.Files.GetFiles("photos");
        }
        else if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(title: "请求格式不正确", detail: "请以 application/json 或 multipart/form-data（带照片时）提交",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        else
        {
            try
            {
                body = await request.ReadFromJsonAsync<PublicReportRequest>(ct) ?? throw new BadHttpRequestException("empty");
            }
            catch (JsonException e)
            {
                throw new BadHttpRequestException($"请求内容不是有效的JSON（{e.Path}）", e);
            }
        }
        if (request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key) body = body with { IdempotencyKey = key };
        var result = await report.HandleAsync(body, photos, ct);
        MyAppeals.Remember(request.HttpContext, result.TrackingCode);
        return result.Replayed
            ? TypedResults.Ok(result)
            : TypedResults.Created($"/api/v1/public/track/{result.TrackingCode}", result);
    }

    private static PublicReportRequest FromForm(IFormCollection form)
    {
        var v = new Validation();
        int? Int(string name)
        {
            var text = form[name].ToString();
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (int.TryParse(text, out var value)) return value;
            v.Add(name, $"{name} 应为整数");
            return null;
        }
        string? Text(string name) => form[name].ToString() is { Length: > 0 } s ? s : null;
        AppealKind? kind = null;
        if (Text("kind") is { } k)
        {
            if (Enum.TryParse<AppealKind>(k, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) kind = parsed;
            else v.Add("kind", "未知的诉求类型，请选择咨询、求助、投诉、举报或建议");
        }
        var anonymous = Text("isAnonymous") is { } a && (a.Equals("true", StringComparison.OrdinalIgnoreCase) || a == "1" || a == "on");
        var body = new PublicReportRequest(Text("placeCode"), Int("buildingId"), Int("communityId"), Text("address"), Int("categoryId"), kind,
            Text("description"), Text("reporterName"), Text("reporterPhone"), anonymous, Text("idempotencyKey"));
        v.ThrowIfInvalid();
        return body;
    }

    /// <summary>
    /// The device's own codes come from the body (an app keeps them) and from the cookie the phone pages keep, so the same
    /// phone joining twice gets its first code back (200) instead of counting twice.
    /// </summary>
    private static async Task<Results<Created<JoinAppealResult>, Ok<JoinAppealResult>>> Join(long id, PublicJoinRequest? body, HttpContext http, JoinAppeal join, CancellationToken ct)
    {
        var known = MyAppeals.Read(http).Concat((body?.TrackingCodes ?? []).Take(20).Select(TrackAppeal.Normalize)).Distinct().ToList();
        var key = http.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } header ? header : body?.IdempotencyKey;
        var result = await join.HandleAsync(id, body?.Note, known, key, ct);
        MyAppeals.Remember(http, result.TrackingCode);
        return result.AlreadyJoined ? TypedResults.Ok(result) : TypedResults.Created($"/api/v1/public/track/{result.TrackingCode}", result);
    }

    private static async Task<Results<Ok<PublicAppealView>, ProblemHttpResult>> Track(string trackingCode, HttpContext http, TrackAppeal track, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(await track.HandleAsync(trackingCode, http, ct));
        }
        catch (PublicRateLimits.LookupsSpentException e)
        {
            return e.Problem(http);
        }
    }

    private static Task<Results<Ok<PublicAppealView>, ProblemHttpResult>> Rate(string trackingCode, PublicRatingRequest body, HttpContext http,
        RateAppeal rate, TrackAppeal track, CancellationToken ct) =>
        ActAsync(http, track, () => rate.HandleAsync(trackingCode, body, http, ct), ct);

    private static Task<Results<Ok<PublicAppealView>, ProblemHttpResult>> Reopen(string trackingCode, PublicReopenRequest body, HttpContext http,
        ReopenByResident reopen, TrackAppeal track, CancellationToken ct) =>
        ActAsync(http, track, () => reopen.HandleAsync(trackingCode, body, http, ct), ct);

    /// <summary>A resident's action by code, answered with the appeal as /track shows it (the real code, and the code as typed).</summary>
    private static async Task<Results<Ok<PublicAppealView>, ProblemHttpResult>> ActAsync(HttpContext http, TrackAppeal track,
        Func<Task<TrackAppeal.ResidentCode>> action, CancellationToken ct)
    {
        try
        {
            var code = await action();
            return TypedResults.Ok(await track.HandleAsync(code.Code, ct) with { TypedAs = code.TypedAs });
        }
        catch (PublicRateLimits.LookupsSpentException e)
        {
            return e.Problem(http);
        }
    }

    private static NotFoundException PlaceNotFound(string code) => new($"二维码短码“{code}”无法识别，请重新扫描楼栋或小区门口张贴的二维码。");

    /// <summary>A photo of the reporter's own appeal, for the tracking page; only the reporter's code opens it.</summary>
    public static async Task<IResult> Photo(string trackingCode, long photoId, AppDbContext db, FileStore files, CancellationToken ct)
    {
        var code = TrackAppeal.Normalize(trackingCode);
        var photo = await db.AppealAttachments.IgnoreQueryFilters().AsNoTracking()
            .Where(x => x.Id == photoId && db.Appeals.IgnoreQueryFilters().Any(a => a.Id == x.AppealId && a.TrackingCode == code))
            .Select(x => new { x.Sha256, x.ContentType }).FirstOrDefaultAsync(ct);
        if (photo is null || files.OpenRead(photo.Sha256) is not { } stream) return Results.NotFound();
        return Results.Stream(stream, photo.ContentType);
    }
}
