namespace Tongban.Web.Features.Public;

/// <summary>Settings of the resident pages (section "Public").</summary>
public sealed class PublicOptions
{
    /// <summary>Address printed in the QR codes (https://tongban.example.cn); empty: the address the poster page was opened on.</summary>
    public string? BaseUrl { get; set; }

    public int MaxPhotos { get; set; } = 3;

    /// <summary>Largest photo accepted, in bytes (phones take 3-8 MB pictures).</summary>
    public long MaxPhotoBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>The most a report may weigh: every photo at the limit plus a megabyte for the text and the form's framing.</summary>
    public long MaxReportBytes => MaxPhotos * MaxPhotoBytes + 1024 * 1024;

    /// <summary>The answer to a report heavier than <see cref="MaxReportBytes"/>, said before any of it is read; null when it fits.</summary>
    public Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? TooLarge(long? contentLength) =>
        contentLength > MaxReportBytes
            ? Microsoft.AspNetCore.Http.TypedResults.Problem(title: "提交的内容太大", detail: TooLargeText(contentLength),
                statusCode: Microsoft.AspNetCore.Http.StatusCodes.Status413PayloadTooLarge)
            : null;

    public string TooLargeText(long? contentLength) =>
        $"这次提交{(contentLength is null or long.MaxValue ? "" : $"有{contentLength / 1024d / 1024d:0.#}MB，")}超过了上限：照片最多{MaxPhotos}张，每张不超过{MaxPhotoBytes / 1024 / 1024}MB。请少选几张或换小一些的照片再提交。";

    /// <summary>
    /// Posts one device may send per hour (reports, "me too", ratings, bookings). A refused form counts too (the limiter
    /// runs before the form is read), so this leaves room for an older resident's typos and a booking look-up or two.
    /// This is the limit that stops one abuser.
    /// </summary>
    public int WritesPerDevicePerHour { get; set; } = 30;

    /// <summary>
    /// Posts that name no device (no cookie, no X-Device-Id: an app that sends no id, a script that keeps no cookie) are
    /// counted together per address, as if from one device, so dropping the cookie gains nothing. The phone pages give
    /// every browser its cookie before the first post, so residents are counted by device; this is what the address
    /// limit was before it was raised for carrier NAT.
    /// </summary>
    public int WritesWithoutDevicePerAddressPerHour { get; set; } = 60;

    /// <summary>
    /// All posts of one network address per hour, whatever devices they name: the ceiling for a flood that invents a
    /// device id per request. Set for a neighbourhood, not a household: on Chinese mobile networks a whole estate (or
    /// more) reaches the site through one carrier-grade NAT address, and a water cut or a lift stuck at the evening peak
    /// brings dozens of phones at once; 60 locked an estate out after its 60th post. An IPv6 client counts by its /64.
    /// </summary>
    public int WritesPerAddressPerHour { get; set; } = 600;

    /// <summary>Tracking look-ups per address per minute, which keeps anyone from trying codes in bulk.</summary>
    public int ReadsPerAddressPerMinute { get; set; } = 120;
}
