using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Public;

/// <summary>Marks an endpoint (or page) whose POSTs write on a resident's behalf and are limited per device and per address.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class PublicWriteLimitAttribute : Attribute;

/// <summary>Marks an endpoint (or page) of look-ups by code, limited per address so codes cannot be tried in bulk.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class PublicReadLimitAttribute : Attribute;

/// <summary>
/// Rate limits of the resident side (ASP.NET Core rate limiter, partitioned); a refused request gets 429 with a Chinese
/// message. A write counts against its device (cookie or X-Device-Id header), or, when it names none, against the
/// allowance all device-less writes of its address share; and against its address's ceiling. On Chinese mobile
/// networks a whole estate may reach the site through one carrier-grade NAT address, so the address ceiling is set for
/// a neighbourhood, and the device is what stops one abuser (see <see cref="PublicOptions"/>).
/// </summary>
public static class PublicRateLimits
{
    public const string DeviceCookie = "tb-device";
    public const string DeviceHeader = "X-Device-Id";

    /// <summary>Where a refused resident page request leaves its <see cref="Refusal"/> for the error page.</summary>
    public const string RefusalKey = "tb-public-refusal";

    /// <summary>Why a resident's page request was refused; <paramref name="Write"/> when something was being sent.</summary>
    public sealed record Refusal(string Message, bool Write);

    public static IServiceCollection AddPublicRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<PublicOptions>>((o, p) =>
        {
            var limits = p.Value;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => !IsWrite(http)
                    ? RateLimitPartition.GetNoLimiter("")
                    : DeviceOf(http) is { } device
                        ? RateLimitPartition.GetSlidingWindowLimiter("device:" + device, _ => PerHour(limits.WritesPerDevicePerHour))
                        // No cookie and no header: such writes of one address are one unknown device between them.
                        : RateLimitPartition.GetSlidingWindowLimiter("nodevice:" + AddressOf(http), _ => PerHour(limits.WritesWithoutDevicePerAddressPerHour))),
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsWrite(http)
                    ? RateLimitPartition.GetSlidingWindowLimiter("address:" + AddressOf(http), _ => PerHour(limits.WritesPerAddressPerHour))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsRead(http)
                    ? RateLimitPartition.GetFixedWindowLimiter("read:" + AddressOf(http), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.ReadsPerAddressPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter("")));
            o.OnRejected = RejectAsync;
        });
        return services;
    }

    private static SlidingWindowRateLimiterOptions PerHour(int permits) => new()
    {
        PermitLimit = permits, Window = TimeSpan.FromHours(1), SegmentsPerWindow = 6, QueueLimit = 0,
    };

    private static bool IsWrite(HttpContext http) =>
        !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
        && http.GetEndpoint()?.Metadata.GetMetadata<PublicWriteLimitAttribute>() is not null;

    private static bool IsRead(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<PublicReadLimitAttribute>() is not null;

    /// <summary>The device id a phone keeps in a cookie (or an app sends in a header); null when there is none.</summary>
    public static string? DeviceOf(HttpContext http)
    {
        var id = http.Request.Headers[DeviceHeader].ToString();
        if (string.IsNullOrEmpty(id)) id = http.Request.Cookies[DeviceCookie] ?? "";
        return id.Length is >= 8 and <= 64 && id.All(char.IsAsciiLetterOrDigit) ? id : null;
    }

    /// <summary>Gives the browser a device id (a random value, nothing about the person) if it has none.</summary>
    public static void EnsureDeviceCookie(HttpContext http)
    {
        if (DeviceOf(http) is not null) return;
        http.Response.Cookies.Append(DeviceCookie, Guid.NewGuid().ToString("N"), new CookieOptions
        {
            MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = http.Request.IsHttps,
        });
    }

    /// <summary>The client's address; an IPv6 client counts by its /64, since one phone may use many addresses inside it.</summary>
    public static string AddressOf(HttpContext http)
    {
        var ip = http.Connection.RemoteIpAddress;
        if (ip is null) return "unknown";
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = ip.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            ip = new IPAddress(bytes);
        }
        return ip.ToString();
    }

    private static string LookupRefusal(int minutes) =>
        $"查询过于频繁，为防止他人猜测查询码已暂时限制。请约{minutes}分钟后再试；紧急情况请直接联系社区或拨打12345。";

    /// <summary>
    /// Charges <paramref name="lookups"/> more look-ups to the caller's address, from the same per-minute budget its typed
    /// codes spend, for codes a request tries beyond the one it names (the readings of an old code,
    /// <see cref="TrackAppeal.OldCodeReadings"/>; the codes of the tb-mine cookie /track lists), so that trying fifteen
    /// codes costs fifteen look-ups. Throws <see cref="LookupsSpentException"/> when the budget has not that many left.
    /// </summary>
    public static void ChargeLookups(HttpContext http, int lookups)
    {
        if (lookups <= 0) return;
        var limit = http.RequestServices.GetRequiredService<IOptions<PublicOptions>>().Value.ReadsPerAddressPerMinute;
        var limiter = http.RequestServices.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter;
        // A request that is no look-up (IsRead) has no budget to charge; a charge above the whole budget can never pass.
        if (limiter is null || !IsRead(http)) return;
        using var lease = lookups <= limit ? limiter.AttemptAcquire(http, lookups) : null;
        if (lease is not { IsAcquired: true }) throw new LookupsSpentException(LookupRefusal(1));
    }

    /// <summary>The look-ups of an address are spent for this minute; a page shows the 429 refusal, the API a 429 ProblemDetails.</summary>
    public sealed class LookupsSpentException(string message) : Exception(message)
    {
        public const int RetryAfterSeconds = 60;

        /// <summary>Answers a page's request as the limiter would have: 429, Retry-After, and the refusal for the error page.</summary>
        public Microsoft.AspNetCore.Mvc.StatusCodeResult Refuse(HttpContext http)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Items[RefusalKey] = new Refusal(Message, Write: false);
            return new Microsoft.AspNetCore.Mvc.StatusCodeResult(StatusCodes.Status429TooManyRequests);
        }

        /// <summary>The API's answer: 429 ProblemDetails as the limiter gives, with Retry-After.</summary>
        public Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(HttpContext http)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(title: WebSetup.StatusTitle(StatusCodes.Status429TooManyRequests), detail: Message,
                statusCode: StatusCodes.Status429TooManyRequests);
        }
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(10);
        var seconds = (int)Math.Ceiling(Math.Max(wait.TotalSeconds, 1));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var minutes = Math.Max(1, (int)Math.Ceiling(seconds / 60d));
        // A look-up (tracking by code) is told as one: nothing was being sent, and nothing typed is waiting.
        var write = IsWrite(http);
        var message = write
            ? $"提交过于频繁，为防止恶意刷单已暂时限制。请约{minutes}分钟后再试；紧急情况请直接联系社区或拨打12345。"
            : LookupRefusal(minutes);
        if (WebSetup.IsApi(http.Request.Path))
        {
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "请求过于频繁，请稍后再试", Detail = message },
            });
            return;
        }
        // A page: the body stays empty, so the status-code pages re-execute /Error/429, which shows this refusal in the
        // resident layout (header, footer, large-text mode) like the page the resident came from.
        http.Items[RefusalKey] = new Refusal(message, write);
    }
}
