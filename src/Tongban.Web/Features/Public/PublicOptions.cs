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
    /// runs before the form is read), so this leaves room for an older resident's typos and a booking look-up or two;
    /// the address limit below still stops a flood.
    /// </summary>
    public int WritesPerDevicePerHour { get; set; } = 30;

    /// <summary>The same per network address; higher, since many phones share one address behind a carrier's NAT.</summary>
    public int WritesPerAddressPerHour { get; set; } = 60;

    /// <summary>Tracking look-ups per address per minute, which keeps anyone from trying codes in bulk.</summary>
    public int ReadsPerAddressPerMinute { get; set; } = 120;
}
