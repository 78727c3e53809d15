namespace Tongban.Web.Features.Public;

/// <summary>Settings of the resident pages (section "Public").</summary>
public sealed class PublicOptions
{
    /// <summary>Address printed in the QR codes (https://tongban.example.cn); empty: the address the poster page was opened on.</summary>
    public string? BaseUrl { get; set; }

    public int MaxPhotos { get; set; } = 3;

    /// <summary>Largest photo accepted, in bytes (phones take 3-8 MB pictures).</summary>
    public long MaxPhotoBytes { get; set; } = 8 * 1024 * 1024;

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
