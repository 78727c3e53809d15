using Microsoft.Extensions.Options;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Open311;

/// <summary>
/// Checks shared by the GeoReport v2 resources: the jurisdiction_id a client names, and control characters in what it
/// sends (a NUL cannot be stored by PostgreSQL and means nothing in text; CR, LF and TAB are text and are kept).
/// </summary>
public static class Open311Arguments
{
    public const string JurisdictionParameter = "jurisdiction_id";

    /// <summary>The jurisdiction_id of this server: configured, else the host of the public address or of the request, without "www.".</summary>
    public static string JurisdictionOf(HttpRequest request, Open311Options options)
    {
        if (!string.IsNullOrWhiteSpace(options.JurisdictionId)) return options.JurisdictionId.Trim();
        var host = Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl) ? baseUrl.Host : request.Host.Host;
        return WithoutWww(host.ToLowerInvariant());
    }

    private static string WithoutWww(string host) => host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;

    /// <summary>
    /// Absent or empty is fine (this server serves one jurisdiction); another one is the spec's 404 "jurisdiction_id
    /// provided was not found", naming the one it knows.
    /// </summary>
    public static void EnsureJurisdiction(string? sent, HttpRequest request, Open311Options options)
    {
        if (string.IsNullOrWhiteSpace(sent)) return;
        var ours = JurisdictionOf(request, options);
        if (string.Equals(WithoutWww(sent.Trim()), WithoutWww(ours), StringComparison.OrdinalIgnoreCase)) return;
        throw new Open311Exception(404, $"jurisdiction_id：本平台不受理辖区“{Shorten(sent)}”的诉求；本平台的 jurisdiction_id 为“{ours}”（也可不传）");
    }

    /// <summary>One error per parameter carrying a control character, in Chinese, naming the parameter as sent.</summary>
    public static IEnumerable<string> ControlCharacterErrors(IEnumerable<(string Key, IEnumerable<string> Values)> parameters)
    {
        foreach (var (key, values) in parameters)
        {
            if (values.Select(ControlCharacters.FirstIn).FirstOrDefault(c => c is not null) is { } bad)
                yield return $"{Shorten(key)}：{ControlCharacters.Problem(bad)}";
        }
    }

    /// <summary>
    /// A control character in the path (requests/%01.json, services/%01abc.xml) is a 400 before any lookup, naming the
    /// path below /open311/v2 with ? in its place: an id, code or token never holds one, and echoing it back in an
    /// "unknown id" message would put it into the XML or JSON answer (and a NUL into a PostgreSQL query).
    /// </summary>
    public static void EnsurePathIsText(PathString path)
    {
        var text = path.Value ?? "";
        var below = text.StartsWith(Open311Module.Root + "/", StringComparison.OrdinalIgnoreCase) ? text[(Open311Module.Root.Length + 1)..] : text;
        var errors = ControlCharacterErrors([(below, [text])]).ToList();
        if (errors.Count > 0) throw new Open311Exception(400, [.. errors]);
    }

    private static string Shorten(string text)
    {
        var shown = new string(text.Select(c => ControlCharacters.IsForbidden(c) ? '?' : c).ToArray());
        return shown.Length > 40 ? shown[..40] + "…" : shown;
    }
}

/// <summary>
/// Guards the resources that take jurisdiction_id (all but discovery and media): the query's jurisdiction_id must be
/// ours, and no parameter the facade reads may carry a control character.
/// </summary>
public sealed class Open311ArgumentsFilter(IOptions<Open311Options> options) : IEndpointFilter
{
    /// <summary>The query parameters the GET resources read.</summary>
    private static readonly string[] Read =
        [Open311Arguments.JurisdictionParameter, "service_request_id", "service_code", "status", "start_date", "end_date", "api_key"];

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var errors = Open311Arguments.ControlCharacterErrors(Read.Where(k => request.Query.ContainsKey(k))
            .Select(k => (k, request.Query[k].Select(v => v ?? "")))).ToList();
        if (errors.Count > 0) throw new Open311Exception(400, [.. errors]);
        Open311Arguments.EnsureJurisdiction(request.Query[Open311Arguments.JurisdictionParameter].FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)),
            request, options.Value);
        return next(context);
    }
}
