using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Metrics;
using Scalar.AspNetCore;
using Tongban.Web.Data;

namespace Tongban.Web.Infrastructure;

/// <summary>Plumbing every module shares: clock, current user, errors, headers, OpenAPI, metrics, health.</summary>
public static class WebSetup
{
    public static WebApplicationBuilder AddTongbanInfrastructure(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<TimeProvider>(new MillisecondClock());
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.Configure<SensitiveDataOptions>(builder.Configuration.GetSection("SensitiveData"));
        services.AddSingleton<SensitiveDataProtector>();
        var calendar = builder.Configuration.GetSection("Calendar").Get<WorkingCalendarOptions>() ?? new WorkingCalendarOptions();
        services.AddSingleton(_ => WorkingCalendar.Load(Path.Combine(builder.Environment.ContentRootPath, calendar.File)));

        // A request the framework cannot read is thrown (as Development does) in every environment, so the exception
        // handler can say in Chinese which field or parameter to change; otherwise production answers a bare 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
            if (ctx.ProblemDetails.Title is null || ctx.ProblemDetails.Title.All(c => c < 128))
                ctx.ProblemDetails.Title = StatusTitle(ctx.ProblemDetails.Status);
            ctx.ProblemDetails.Detail ??= StatusDetail(ctx.ProblemDetails.Status, ctx.HttpContext.Request);
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All)); // Chinese stays readable in the page source

        services.AddRazorPages(o => o.RootDirectory = "/Features")
            .AddMvcOptions(o =>
            {
                o.ModelBinderProviders.Insert(0, new YesNoBinderProvider());
                o.ModelBinderProviders.Insert(0, new ChineseDateBinderProvider());
                o.Filters.Add(new ExpiredFormFilter());
            });
        services.AddAntiforgery(o => o.HeaderName = "X-CSRF-TOKEN");
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "通办 Tongban API";
            doc.Info.Version = "v1";
            doc.Info.Description = "社区服务与治理平台的 JSON API。除 /api/v1/auth 与 /api/v1/public 外均需 Bearer 令牌（POST /api/v1/auth/login 获取）。错误以 ProblemDetails 返回，说明为中文。";
            return Task.CompletedTask;
        }).AddSchemaTransformer(OpenApiEnums.DescribeAsync));
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddAspNetCoreInstrumentation()
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Tongban")
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>What to do about an answer the framework gave without a reason (no route, wrong method, not JSON).</summary>
    public static string? StatusDetail(int? status, HttpRequest request) => status switch
    {
        401 => "缺少有效的访问令牌，请先调用 POST /api/v1/auth/login 登录。",
        403 => "您的账户角色没有这项操作的权限。确需办理的，请联系社区书记或系统管理员调整角色。",
        404 when IsApi(request.Path) => $"没有 {request.Path} 这个接口地址，请对照接口文档（/scalar）检查路径。",
        405 => $"{request.Path} 不接受 {request.Method} 请求，请对照接口文档（/scalar）检查请求方式。",
        415 => "请以 JSON 发送请求内容，并带上 Content-Type: application/json。",
        _ => null,
    };

    public static string StatusTitle(int? status) => status switch
    {
        400 => "请求格式不正确",
        401 => "请先登录",
        403 => "没有权限",
        404 => "没有找到",
        405 => "不支持该请求方式",
        409 => "当前状态下不能这样操作",
        413 => "上传内容过大",
        415 => "不支持的内容类型",
        422 => "提交的内容有误",
        429 => "请求过于频繁，请稍后再试",
        500 => "服务器内部错误",
        _ => "请求失败",
    };

    public static WebApplication UseTongbanInfrastructure(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ProblemDetailsExceptionHandler.StatusFor,
            ExceptionHandlingPath = "/Error/500",
            // A refusal (404, 403, 409, 422) is an answer, not a fault: it is not logged as an unhandled error. Outside-scope
            // attempts have their own audit entry. Faults (500) are still logged.
            SuppressDiagnosticsCallback = context => ProblemDetailsExceptionHandler.StatusFor(context.Exception) < StatusCodes.Status500InternalServerError,
        });
        // API callers get ProblemDetails; people get the Chinese error page.
        app.UseWhen(http => IsApi(http.Request.Path), api => api.UseStatusCodePages());
        app.UseWhen(http => !IsApi(http.Request.Path), pages => pages.UseStatusCodePagesWithReExecute("/Error/{0}"));
        app.Use(SecurityHeaders);
        // A file asked for by its versioned address (asp-append-version's ?v=hash) never changes under that address: a
        // phone on a slow network keeps it instead of asking again on every page (a round trip of 400 ms each).
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file =>
            {
                if (file.Context.Request.Query.ContainsKey("v")) file.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            },
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// An address no page answers is a 404 page for anyone, signed in or not. Without this, the rule that every page
    /// needs a signed-in user caught such an address first, so a resident following a mistyped link landed on the
    /// staff sign-in. Only reading requests, and never the API's addresses: those keep their 401 to anonymous callers
    /// and their 404 and 405 answers (a fallback for every method would turn a 405 into a 404).
    /// </summary>
    public static WebApplication MapPageFallback(this WebApplication app)
    {
        app.MapFallback("{*path:regex(^(?!(api|open311)(/|$)).*$)}", http =>
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            })
            .AllowAnonymous().WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head])).ExcludeFromDescription();
        return app;
    }

    public static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/open311");

    private static Task SecurityHeaders(HttpContext http, Func<Task> next)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/scalar")
            ? "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
            : "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        return next();
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/scalar", o => o.WithTitle("通办 Tongban API 参考").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        app.MapGet("/healthz", Health).AllowAnonymous().WithTags("运维").WithSummary("数据库可达且迁移已全部应用时返回200；SQLite 全文索引停滞时 status 为 degraded（仍返回200）");
        return app;
    }

    private static async Task<IResult> Health(AppDbContext db, TimeProvider clock, Features.Appeals.AppealSearchIndexHealth searchIndex, CancellationToken ct)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(ct))
                return Results.Json(new { status = "unhealthy", database = "unreachable" }, statusCode: 503);
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
                return Results.Json(new { status = "unhealthy", database = "reachable", pendingMigrations = pending }, statusCode: 503);
            // SQLite's full-text index: a stall leaves search complete but slower, so the node stays in service (200).
            var index = searchIndex.Current;
            var problem = searchIndex.ProblemAt(clock.GetUtcNow());
            object? searchIndexState = index.Checked
                ? new { waiting = index.Waiting, stalled = index.Stalled, checkedAt = index.CheckedAt, problem } // anonymous: no appeal ids or totals
                : null;
            return Results.Json(new
            {
                status = problem is null ? "healthy" : "degraded", database = "reachable", provider = db.IsPostgres ? "postgres" : "sqlite",
                time = clock.GetUtcNow(), searchIndex = searchIndexState,
            });
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return Results.Json(new { status = "unhealthy", database = "error", error = e.GetType().Name }, statusCode: 503);
        }
    }
}
