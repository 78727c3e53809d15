using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Tongban.Web.Features.Error;

/// <summary>Chinese error pages. Reads nothing from the database, so the 500 page renders while it is down.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }
    public string Heading { get; private set; } = "";
    public string Advice { get; private set; } = "";

    /// <summary>The domain's own message (for 404/403/409/422), which says exactly what was wrong.</summary>
    public string? Detail { get; private set; }

    /// <summary>Set when a page form was refused for its safety token (<see cref="Infrastructure.ExpiredFormFilter"/>): where to start again.</summary>
    public string? ReopenUrl { get; private set; }

    /// <summary>Set when the resident side's rate limiter refused a page request: shown in the resident layout.</summary>
    public Public.PublicRateLimits.Refusal? Refusal { get; private set; }

    public IActionResult OnGet(int code) => Show(code);

    public IActionResult OnPost(int code) => Show(code);

    private IActionResult Show(int code)
    {
        // Re-executed after an exception: the exception says which page this really is (404, 403, 409 …).
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error is { } error)
        {
            code = Infrastructure.ProblemDetailsExceptionHandler.StatusFor(error);
            Detail = error is Infrastructure.DomainException or Infrastructure.NotFoundException or Infrastructure.OutsideScopeException
                or Infrastructure.ValidationFailedException ? error.Message : null;
        }
        Code = code is >= 400 and < 600 ? code : 500;
        (Heading, Advice) = Code switch
        {
            404 => ("页面不存在", "您访问的页面或记录不存在，可能已被删除，或地址输入有误。请检查地址，或从导航重新进入。"),
            403 => ("没有权限", "您的账户无权查看此内容，或该记录不在您的管辖范围内。如确需访问，请联系本单位的系统管理员。"),
            401 => ("请先登录", "此页面需要登录后才能查看。"),
            400 => ("请求有误", "提交的内容无法处理，请返回上一页检查后重试。"),
            405 => ("不支持该操作", "该页面不支持这种访问方式，请从页面上的按钮操作。"),
            429 => ("操作过于频繁", "请稍等片刻再试。"),
            409 => ("当前状态下不能这样操作", "记录的状态已经变化，请刷新页面后重试。"),
            422 => ("提交的内容有误", "请返回上一页按提示修改后重试。"),
            >= 500 => ("系统出错了", "服务器处理请求时出错。您刚才的操作可能没有保存，请稍后重试；若仍有问题，请联系系统管理员。"),
            _ => ("请求没有完成", "请返回上一页重试。"),
        };
        if (Code == 400 && HttpContext.Items[Infrastructure.ExpiredFormFilter.ItemKey] is string reopen)
        {
            ReopenUrl = reopen;
            (Heading, Advice) = ("页面已过期", "这个页面打开得太久，或浏览器清除了临时信息（例如微信浏览器被关闭过），刚才的操作没有提交。请重新打开页面后再操作一次。");
        }
        if (Code == 429 && HttpContext.Items[Public.PublicRateLimits.RefusalKey] is Public.PublicRateLimits.Refusal refusal)
        {
            Refusal = refusal;
            (Heading, Advice) = ("请稍后再试", refusal.Message);
        }
        Response.StatusCode = Code;
        return Page();
    }
}
