using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Tongban.Web.Infrastructure;

/// <summary>Turns known failures into ProblemDetails with a Chinese message a person can act on.</summary>
public sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    /// <summary>The status a known failure means; anything else is a 500.</summary>
    public static int StatusFor(Exception exception) => exception switch
    {
        ValidationFailedException => StatusCodes.Status422UnprocessableEntity,
        DomainException => StatusCodes.Status409Conflict,
        NotFoundException => StatusCodes.Status404NotFound,
        OutsideScopeException => StatusCodes.Status403Forbidden,
        BadHttpRequestException => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        // A page gets the Chinese error page (re-executed at /Error/500, which reads the status from the exception).
        // The middleware has already rewritten the path to /Error/500, so ask it for the original one.
        var originalPath = http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path.Value;
        if (!WebSetup.IsApi(originalPath)) return false;
        ProblemDetails? problem = exception switch
        {
            ValidationFailedException v => new HttpValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "提交的内容有误，请按提示修改后重试",
                Detail = v.Message,
            },
            DomainException d => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "当前状态下不能这样操作", Detail = d.Message },
            NotFoundException n => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "没有找到", Detail = n.Message },
            OutsideScopeException o => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "超出您的管辖范围", Detail = o.Message },
            BadHttpRequestException b => BadRequest(b),
            _ => null,
        };
        if (problem is null) return false;
        http.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// A request the framework could not read, said so that the caller knows what to change: which field of the JSON
    /// (its path, e.g. <c>kind</c> or <c>attachments[0].name</c>), which query parameter and the value given, or where
    /// the JSON itself breaks. The framework's own English text is not shown.
    /// </summary>
    public static ProblemDetails BadRequest(BadHttpRequestException b)
    {
        const string title = "请求格式不正确";
        if (b.InnerException is JsonException j)
        {
            var field = j.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
            var broken = j.InnerException?.GetType().Name == "JsonReaderException";
            if (broken)
                return new ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest, Title = title,
                    Detail = $"请求内容不是有效的 JSON：第 {(j.LineNumber ?? 0) + 1} 行第 {(j.BytePositionInLine ?? 0) + 1} 个字节附近有误，请检查引号、逗号和括号是否成对。",
                };
            if (field is not null)
                return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [$"“{field}”的值类型或取值不对，请对照接口文档修改（数字不要加引号，选项用文档列出的值）。"] })
                {
                    Status = StatusCodes.Status400BadRequest, Title = title, Detail = $"字段“{field}”的值无法识别，请对照接口文档检查它的类型和可选值。",
                };
            return new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = title, Detail = "请求内容应为一个 JSON 对象（以 { 开头），请对照接口文档修改。" };
        }
        if (BindFailure().Match(b.Message) is { Success: true } m)
        {
            var name = CamelCase(m.Groups["name"].Value); // an [AsParameters] property is named as the query spells it
            var given = m.Groups["value"].Value is { Length: > 40 } whole ? whole[..40] + "…" : m.Groups["value"].Value; // said back, not pasted back whole
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [name] = [$"“{given}”不是“{name}”能接受的值，请检查格式（如数字、日期 yyyy-MM-dd）。"] })
            {
                Status = StatusCodes.Status400BadRequest, Title = title, Detail = $"参数“{name}”的值“{given}”无法识别，请检查格式。",
            };
        }
        if (MissingParameter().Match(b.Message) is { Success: true } missing)
            return new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = title, Detail = $"缺少必填参数“{CamelCase(missing.Groups["name"].Value)}”。" };
        if (b.Message.Contains("no body was provided", StringComparison.Ordinal) || b.Message.Contains("body was empty", StringComparison.OrdinalIgnoreCase))
            return new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = title, Detail = "请求缺少内容：请以 JSON 发送（Content-Type: application/json）。" };
        return new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = title, Detail = "请求内容无法解析，请对照接口文档检查后重试。" };
    }

    private static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    // The framework's wording for a query or route value that does not convert, and for a required one left out.
    [GeneratedRegex("""^Failed to bind parameter "(?:[^"]+?) (?<name>[^" ]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("""^Required parameter "(?:[^"]+?) (?<name>[^" ]+)" was not provided""")]
    private static partial Regex MissingParameter();
}
