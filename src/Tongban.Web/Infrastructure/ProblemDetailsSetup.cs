using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Tongban.Web.Infrastructure;

/// <summary>Turns known failures into ProblemDetails with a Chinese message a person can act on.</summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
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
            BadHttpRequestException b => new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "请求格式不正确", Detail = "请求内容无法解析，请检查后重试。" },
            _ => null,
        };
        if (problem is null) return false;
        http.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }
}
