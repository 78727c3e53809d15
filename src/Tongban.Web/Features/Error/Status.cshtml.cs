using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Tongban.Web.Features.Error;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }
    public string Heading { get; private set; } = "";
    public string Advice { get; private set; } = "";

    public IActionResult OnGet(int code) => Show(code);

    public IActionResult OnPost(int code) => Show(code);

    private IActionResult Show(int code)
    {
        Code = code;
        (Heading, Advice) = code switch
        {
            404 => ("页面不存在", "您访问的页面或记录不存在，可能已被删除或地址有误。"),
            403 => ("没有权限", "您的账户无权查看此内容，或该记录不在您的管辖范围内。如需访问请联系社区管理员。"),
            400 => ("请求有误", "提交的内容无法处理，请返回上一页检查后重试。"),
            _ => ("系统出错了", "服务器处理请求时出错，您已提交的数据不会丢失。请稍后重试，若仍有问题请联系管理员。"),
        };
        Response.StatusCode = code is >= 400 and < 600 ? code : 500;
        return Page();
    }
}
