using Microsoft.Extensions.Options;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;

namespace Tongban.Web.Features.Open311;

/// <summary>
/// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over appeals, under /open311/v2, plus mySociety's
/// servicerequestupdates. Every resource answers as .xml or .json (no suffix: XML); every failure is the spec's
/// error array. Anonymous except POST requests, which needs an api_key.
/// </summary>
public static class Open311Module
{
    public const string Tag = "Open311";

    /// <summary>Where GeoReport v2 is served.</summary>
    public const string Root = "/open311/v2";

    public static WebApplicationBuilder AddOpen311(this WebApplicationBuilder builder)
    {
        // Chinese hotline and government systems often post GBK or GB18030 (charset=GBK); .NET knows only the Unicode
        // encodings until the code pages are registered, and the form reader would then read GBK bytes as UTF-8.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        builder.Services.Configure<Open311Options>(builder.Configuration.GetSection("Open311"));
        // FixMyStreet looks its reports up with one GET and a comma list of ids; 1,000 of them outgrow Kestrel's 8 KB request line.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestLineSize = Math.Max(k.Limits.MaxRequestLineSize, GetOpen311Requests.MaxRequestLineBytes));
        builder.Services.AddSingleton<Open311Media>();
        builder.Services.AddScoped<ManageOpen311Clients>();
        return builder;
    }

    public static WebApplication MapOpen311(this WebApplication app)
    {
        var v2 = app.MapGroup(Root).WithTags(Tag).AllowAnonymous().AddEndpointFilter<Open311ErrorFilter>();

        v2.MapRead("/discovery.{format}", GetOpen311Discovery.Get, takesArguments: false)
            .WithSummary("Open311 服务发现：端点地址、规范版本与支持的格式（xml/json）");
        v2.MapRead("/services.{format}", GetOpen311Services.List)
            .WithSummary("Open311 服务列表：居民可直接提交的诉求分类（service_code 为 ASCII 分类代码）");
        v2.MapRead("/services/{file}", GetOpen311Services.Definition)
            .WithSummary("Open311 服务定义：某分类需填写的附加属性（attribute），路径形如 services/ev.xml");
        v2.MapPost("/requests.{format}", PostOpen311Request.Handle)
            .WithSummary("Open311 提交诉求（需 api_key；表单或 multipart/form-data 含图片）")
            .WithDescription("参数：api_key、service_code、lat 与 long 或 address_id（楼栋编号）、address_string、description（最多4000字，保留换行）、"
                + "first_name、last_name、phone、media_url（可重复）、attribute[CODE]、attribute[CODE][] 或 attribute[CODE][0]（多选可重复）；multipart 中的文件按图片处理"
                + "（JPEG/PNG/WebP，每张不超过10MB，最多6张）。表单可声明 charset=GBK 或 GB18030。未知参数忽略。phone 可为手机号、带区号的固定电话或 + 开头的境外号码。"
                + "jurisdiction_id 可不传，传了须与 discovery 中的相同（否则 404）；参数中不得有控制字符（换行、制表符除外）。成功返回 service_request_id 与 service_notice（含受理编号和查询码）。");
        v2.MapRead("/requests.{format}", GetOpen311Requests.List)
            .WithSummary("Open311 查询诉求列表：service_request_id（逗号分隔，优先于其他条件）、service_code、start_date、end_date、status")
            .WithDescription("不给 service_request_id 时默认最近90天，给出的起止时间不得超过90天；每次最多返回1000条，按提交时间倒序。"
                + "service_request_id 一次最多1000个（超过返回 400；请求行最长 16KB，按10位编号、逗号写作 %2C 计也够1000个）。");
        v2.MapRead("/requests/{file}", GetOpen311Requests.One)
            .WithSummary("Open311 查询单个诉求，路径形如 requests/123.xml");
        v2.MapRead("/tokens/{file}", GetOpen311Requests.Token)
            .WithSummary("Open311 由 token（即查询码）取得 service_request_id，路径形如 tokens/ABCD2345.xml");
        v2.MapRead("/servicerequestupdates.{format}", GetOpen311Updates.List)
            .WithSummary("Open311 诉求进展（mySociety 扩展）：start_date 至 end_date 之间公开的办理进展，按时间先后");
        v2.MapRead("/media/{sha256}", Open311Media.Get, takesArguments: false)
            .WithSummary("Open311 诉求随附图片（media_url 指向此处）");

        var keys = app.MapGroup("/api/v1/open311-clients").WithTags("Open311 接入").RequireAuthorization(Infrastructure.Permissions.AccountsManage);
        keys.MapGet("/", async (ManageOpen311Clients m, CancellationToken ct) => TypedResults.Ok(await m.ListAsync(ct)))
            .WithSummary("Open311 接入密钥列表（只显示名称、区域和状态，不含密钥）");
        keys.MapPost("/", async (NewOpen311ClientRequest request, ManageOpen311Clients m, CancellationToken ct) =>
        {
            var client = await m.CreateAsync(request, ct);
            return TypedResults.Created($"/api/v1/open311-clients/{client.Id}", client);
        })
            .WithSummary("发放 Open311 密钥（区或街道一级）；返回的 apiKey 只出现这一次");
        keys.MapPost("/{id:int}/deactivate", async (int id, ManageOpen311Clients m, CancellationToken ct) =>
        {
            await m.DeactivateAsync(id, ct);
            return TypedResults.NoContent();
        }).WithSummary("停用 Open311 密钥，立即生效");

        // Without a suffix a resource answers in XML, the format GeoReport v2 requires of every server.
        v2.MapRead("/discovery", (HttpRequest r, IOptions<Open311Options> o) => GetOpen311Discovery.Get(null, r, o), takesArguments: false).ExcludeFromDescription();
        v2.MapRead("/services", (AppDbContext db, CancellationToken ct) => GetOpen311Services.List(null, db, ct)).ExcludeFromDescription();
        v2.MapPost("/requests", (HttpRequest r, AppDbContext db, SubmitAppeal s, Open311Media m, TimeProvider c, IOptions<Open311Options> o, CancellationToken ct) =>
            PostOpen311Request.Handle(null, r, db, s, m, c, o, ct)).ExcludeFromDescription();
        v2.MapRead("/requests", (HttpRequest r, AppDbContext db, TimeProvider c, IOptions<Open311Options> o, CancellationToken ct) =>
            GetOpen311Requests.List(null, r, db, c, o, ct)).ExcludeFromDescription();
        v2.MapRead("/servicerequestupdates", (HttpRequest r, AppDbContext db, TimeProvider c, IOptions<Open311Options> o, CancellationToken ct) =>
            GetOpen311Updates.List(null, r, db, c, o, ct)).ExcludeFromDescription();

        // Anything else under /open311 is the spec's 404 (or 400 for a known resource asked with the wrong method).
        app.Map("/open311/{**rest}", Unmatched).AllowAnonymous().WithTags(Tag).AddEndpointFilter<Open311ErrorFilter>().ExcludeFromDescription();
        return app;
    }

    private static readonly string[] HeadOnly = [HttpMethods.Head];

    /// <summary>
    /// A resource one reads: GET as documented, and HEAD with the same status and headers (a client checking a link or
    /// its type asks with HEAD; the server sends no body). Those that take jurisdiction_id check it and the query's
    /// parameters (<see cref="Open311ArgumentsFilter"/>); discovery and media take none.
    /// </summary>
    private static RouteHandlerBuilder MapRead(this RouteGroupBuilder group, string pattern, Delegate handler, bool takesArguments = true)
    {
        var head = group.MapMethods(pattern, HeadOnly, handler).ExcludeFromDescription();
        var get = group.MapGet(pattern, handler);
        if (takesArguments)
        {
            head.AddEndpointFilter<Open311ArgumentsFilter>();
            get.AddEndpointFilter<Open311ArgumentsFilter>();
        }
        return get;
    }

    private static readonly string[] Resources = ["discovery", "services", "requests", "tokens", "servicerequestupdates", "media"];

    private static IResult Unmatched(HttpRequest request, string? rest)
    {
        var format = Open311Errors.FormatOf(request.Path);
        var segments = (rest ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = segments.Length >= 2 && segments[0] == "v2" ? Open311Routes.Split(segments[1]).Name : null;
        // A resource asked for with a method it does not take is a bad request; reading one without its id ("tokens/") finds nothing.
        if (resource is not null && Resources.Contains(resource) && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
            return Open311Errors.Result(400, [$"{resource} 不支持 {request.Method} 请求"], format);
        return Open311Errors.Result(404, [$"没有这个 Open311 资源：{request.Path}。可用资源见 /open311/v2/discovery.xml"], format);
    }
}
