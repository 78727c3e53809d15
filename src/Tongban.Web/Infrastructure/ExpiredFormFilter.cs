using Microsoft.AspNetCore.Http.Extensions;
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
        var request = context.HttpContext.Request;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.QueryString.Value);
        var kept = query.Where(q => !q.Key.Equals("handler", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? "")));
        context.HttpContext.Items[ItemKey] = (request.PathBase + request.Path).ToString() + new QueryBuilder(kept).ToQueryString();
    }

    public void OnResultExecuted(ResultExecutedContext context) { }
}
