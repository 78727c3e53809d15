using Microsoft.Extensions.Options;

namespace Tongban.Web.Features.Open311;

/// <summary>Service Discovery (http://wiki.open311.org/Service_Discovery): where the GeoReport v2 endpoint is and what it speaks.</summary>
public static class GetOpen311Discovery
{
    /// <summary>
    /// Changes whenever the service definitions (attribute sets, in code) change, telling clients to refresh what
    /// they cached. Categories edited by staff do not move it; clients re-read services on their own schedule.
    /// </summary>
    public const string Changeset = "2026-11-23 00:00";

    public static IResult Get(string? format, HttpRequest request, IOptions<Open311Options> options)
    {
        var f = Open311Routes.Format(format);
        var o = options.Value;
        return new Open311Result(200, "discovery", new Open311Record
        {
            { "changeset", Changeset },
            { "contact", o.Contact },
            { "key_service", o.KeyService },
            // Not a field of Service Discovery, which has none for it: the one jurisdiction_id requests may name (or leave out).
            { "jurisdiction_id", Open311Arguments.JurisdictionOf(request, o) },
            { "endpoints", new Open311List("endpoint",
            [
                new Open311Record
                {
                    { "specification", "http://wiki.open311.org/GeoReport_v2" },
                    { "url", $"{Open311Routes.BaseUrl(request, o)}/open311/v2" },
                    { "changeset", Changeset },
                    { "type", o.EndpointType },
                    { "formats", new Open311List("format", ["text/xml", "application/json"]) },
                },
            ]) },
        }, f);
    }
}
