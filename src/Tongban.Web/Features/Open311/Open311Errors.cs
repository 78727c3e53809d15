using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Open311;

/// <summary>
/// A request the facade refuses, answered as the specification's error array. Status follows the spec: 404 for a
/// resource that does not exist, 403 for a wrong or missing api_key, 400 for everything else.
/// </summary>
public sealed class Open311Exception(int status, params string[] descriptions) : Exception(string.Join("；", descriptions))
{
    public int Status => status;
    public IReadOnlyList<string> Descriptions => descriptions;
}

public static class Open311Errors
{
    public static Open311Result Result(int status, IEnumerable<string> descriptions, Open311Format format) =>
        new(status, "errors", new Open311List("error", descriptions.Select(d => (object?)new Open311Record
        {
            { "code", status },
            { "description", d },
        }).ToList()), format);

    /// <summary>The format the caller asked for, read from the path's suffix; XML when there is none (XML is the required one).</summary>
    public static Open311Format FormatOf(PathString path) =>
        path.Value?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) == true ? Open311Format.Json : Open311Format.Xml;

    /// <summary>Names SubmitAppeal uses for its fields, as the Open311 parameters the client actually sent.</summary>
    private static string ParameterOf(string field) => field switch
    {
        "description" => "description",
        "categoryId" => "service_code",
        "latitude" => "lat",
        "longitude" => "long",
        "reporterPhone" => "phone",
        "reporterName" => "first_name/last_name",
        "buildingId" or "dwellingId" => "address_id",
        "areaId" => "lat/long",
        "kind" => "attribute[kind]",
        _ => field,
    };

    public static IEnumerable<string> FromValidation(ValidationFailedException e) =>
        e.Errors.SelectMany(pair => pair.Value.Select(message => $"{ParameterOf(pair.Key)}：{message}"));
}

/// <summary>
/// Turns every failure under /open311 into the spec's error array in the format the path asked for, so a client
/// never receives ProblemDetails or an HTML page from this facade. It runs first on every resource, so it also turns
/// away a path carrying a control character before anything reads it.
/// </summary>
public sealed class Open311ErrorFilter(ILogger<Open311ErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var format = Open311Errors.FormatOf(context.HttpContext.Request.Path);
        try
        {
            Open311Arguments.EnsurePathIsText(context.HttpContext.Request.Path);
            return await next(context);
        }
        catch (Open311Exception e)
        {
            return Open311Errors.Result(e.Status, e.Descriptions, format);
        }
        catch (ValidationFailedException e)
        {
            return Open311Errors.Result(400, Open311Errors.FromValidation(e), format);
        }
        catch (NotFoundException e)
        {
            return Open311Errors.Result(404, [e.Message], format);
        }
        catch (Exception e) when (e is DomainException or OutsideScopeException)
        {
            return Open311Errors.Result(400, [e.Message], format);
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidDataException or IOException && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Open311Errors.Result(400, ["请求内容无法读取（格式不正确或超过大小限制），请检查后重试。"], format);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // GeoReport v2 answers any failure while processing with 400 "General service error".
            logger.LogError(e, "Open311 request {Method} {Path} failed", context.HttpContext.Request.Method, context.HttpContext.Request.Path);
            return Open311Errors.Result(400, ["服务暂时无法处理该请求，请稍后重试；如多次失败请联系平台管理员。"], format);
        }
    }
}
