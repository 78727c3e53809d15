using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;

namespace Tongban.Web.Infrastructure;

/// <summary>
/// A page form refused because its safety token matches no cookie (the phone's browser dropped its cookies, or the page
/// sat open past a restart) is not the sender's mistake. The 400 stays, so nothing is done, but the error page is told
/// to say that the page expired and to lead back to the page the form came from (its address without the handler).
/// </summary>
public sealed class ExpiredFormFilter : IAlwaysRunResultFilter
{
    public const string ItemKey = "tongban:expired-form";

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is not IAntiforgeryValidationFailedResult) return;
        context.HttpContext.Items[ItemKey] = PageAddress.OfForm(context.HttpContext.Request);
    }

    public void OnResultExecuted(ResultExecutedContext context) { }
}
