using Microsoft.AspNetCore.WebUtilities;

namespace Tongban.Web.Infrastructure;

/// <summary>Where a page form came from, to send its sender back there.</summary>
public static class PageAddress
{
    /// <summary>
    /// The address a form was posted to without its handler (?handler=MeToo): the page that shows the form. With
    /// <paramref name="flag"/>, that parameter is added as =1 (the page reads it to say why the sender is back).
    /// </summary>
    public static string OfForm(HttpRequest request, string? flag = null)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value); // keys compared without case, as the handler's
        query.Remove("handler");
        if (flag is not null) query[flag] = "1";
        return QueryHelpers.AddQueryString((request.PathBase + request.Path).ToString(), query);
    }
}
