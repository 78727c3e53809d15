using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <param name="DayClosed">Still booked on a day a calendar change closed: the resident was texted; call them to book another time or cancel.</param>
/// <param name="CanCancel">Still booked and the slot not yet begun, so staff may cancel it (at the resident's request, or its day closed).</param>
public sealed record AppointmentRow(long Id, string Code, DateTimeOffset StartsAt, string Time, bool IsExtended, string ItemName, string ItemCode,
    int ServiceItemId, string ApplicantName, string PhoneMasked, AppointmentStatus Status, string StatusText, string? Note, string? BookedBy,
    bool ContactErased, bool DayClosed = false, bool CanCancel = false);

/// <summary>A day ahead with bookings still on it after a calendar change closed it.</summary>
public sealed record ClosedDayBookings(DateOnly Day, int Count);

/// <param name="CanCancel">Still booked and the slot not yet begun, so the resident may cancel it.</param>
/// <param name="DayClosed">Its day was since made a rest day (节假日安排调整): the window is closed then; book another time.</param>
public sealed record PublicAppointmentView(string Code, string ItemName, string ItemCode, string Community, string When, bool IsExtended, AppointmentStatus Status, string StatusText,
    bool CanCancel, bool DayClosed = false);

/// <summary>The staff day list (当日预约), arrival and no-show, and the resident's own look-up and cancellation by code and phone.</summary>
public sealed class ManageAppointments(AppDbContext db, TimeProvider clock, SensitiveDataProtector protector)
{
    public static string StatusText(AppointmentStatus s) => s switch
    {
        AppointmentStatus.Booked => "已预约",
        AppointmentStatus.Cancelled => "已取消",
        AppointmentStatus.Arrived => "已到场",
        _ => "未到场",
    };

    public async Task<IReadOnlyList<AppointmentRow>> DayAsync(DateOnly? day, CancellationToken ct)
    {
        var date = day ?? clock.Today();
        var from = AppointmentSlots.Utc(date, TimeOnly.MinValue);
        var to = from.AddDays(1);
        var rows = await db.Appointments().AsNoTracking().Where(a => a.StartsAt >= from && a.StartsAt < to && a.Status != AppointmentStatus.Cancelled)
            .OrderBy(a => a.StartsAt).ThenBy(a => a.Seat)
            .Select(a => new { a.Id, a.Code, a.StartsAt, a.EndsAt, a.IsExtended, Item = a.ServiceItem!.CurrentVersion!.Name, ItemCode = a.ServiceItem.Code, a.ServiceItemId,
                a.ApplicantName, a.PhoneMasked, a.Status, a.Note, a.BookedBy, Erased = a.ContactErasedAt != null, a.DayClosedAt })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        return [.. rows.Select(a => new AppointmentRow(a.Id, a.Code, a.StartsAt, $"{a.StartsAt.ToShanghai():HH:mm}-{a.EndsAt.ToShanghai():HH:mm}", a.IsExtended,
            a.Item, a.ItemCode, a.ServiceItemId, a.ApplicantName, a.PhoneMasked, a.Status, StatusText(a.Status), a.Note, a.BookedBy, a.Erased,
            a.Status == AppointmentStatus.Booked && a.DayClosedAt != null, a.Status == AppointmentStatus.Booked && a.StartsAt > now))];
    }

    /// <summary>The days ahead that still hold bookings a calendar change closed, for the window to work through.</summary>
    public async Task<IReadOnlyList<ClosedDayBookings>> ClosedDaysAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var starts = await db.Appointments().AsNoTracking().Where(a => a.Status == AppointmentStatus.Booked && a.StartsAt > now && a.DayClosedAt != null)
            .Select(a => a.StartsAt).ToListAsync(ct);
        return [.. starts.GroupBy(s => s.ShanghaiDay()).OrderBy(g => g.Key).Select(g => new ClosedDayBookings(g.Key, g.Count()))];
    }

    /// <summary>
    /// Staff cancel a booking (the resident asked by phone, or its day was closed and they booked another time); the seat
    /// is freed and the resident texted once.
    /// </summary>
    public async Task CancelForResidentAsync(long id, CancellationToken ct)
    {
        ServicePermissions.Ensure(db.CurrentUser, ServicePermissions.Handle, "取消预约");
        var a = await db.Appointments().Include(x => x.ServiceItem!).ThenInclude(i => i.CurrentVersion)
            .FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("找不到该预约，或不在您的管辖范围内。");
        if (a.Status == AppointmentStatus.Cancelled) return; // a second press: the same cancellation
        var now = clock.GetUtcNow();
        a.Cancel(now);
        var community = await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(x => x.Id == a.CommunityId).Select(x => x.Name).FirstAsync(ct);
        db.OutboxMessages.Add(BookAppointment.Message(a, a.ServiceItem?.CurrentVersion?.Name ?? "", community, "service-appointment-cancelled", "cancelled", now));
        await db.SaveChangesAsync(ct);
    }

    public async Task MarkAsync(long id, bool arrived, CancellationToken ct)
    {
        ServicePermissions.Ensure(db.CurrentUser, ServicePermissions.Handle, "登记预约到场情况");
        var a = await db.Appointments().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("找不到该预约，或不在您的管辖范围内。");
        // Arrival twice (a double click, two staff) is the same arrival: the intake it opened is opened again.
        if (arrived && a.Status == AppointmentStatus.Arrived) return;
        if (arrived) a.MarkArrived();
        else a.MarkNoShow(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The application already started from this appointment, if any (so a second arrival opens it, not a new one).</summary>
    public Task<long?> ApplicationOfAsync(long appointmentId, CancellationToken ct) =>
        db.ServiceApplications().Where(x => x.AppointmentId == appointmentId).OrderBy(x => x.Id).Select(x => (long?)x.Id).FirstOrDefaultAsync(ct);

    /// <summary>The masked phone the resident booked with, shown at intake (the application takes it over when none is typed).</summary>
    public Task<string?> BookedPhoneAsync(long appointmentId, CancellationToken ct) =>
        db.Appointments().AsNoTracking().Where(a => a.Id == appointmentId && a.PhoneCipher != "").Select(a => a.PhoneMasked).FirstOrDefaultAsync(ct);

    /// <summary>The resident's look-up: the code plus the phone number it was booked with, so a code alone reveals nothing.</summary>
    public async Task<PublicAppointmentView> FindAsync(string code, string? phone, CancellationToken ct) => await ViewAsync(await LoadPublicAsync(code, phone, ct), ct);

    /// <summary>Cancels the booking and answers it as it now stands.</summary>
    public async Task<PublicAppointmentView> CancelAsync(string code, string? phone, CancellationToken ct)
    {
        var a = await LoadPublicAsync(code, phone, ct);
        a.Cancel(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return await ViewAsync(a, ct);
    }

    private async Task<PublicAppointmentView> ViewAsync(Appointment a, CancellationToken ct)
    {
        var item = await db.ServiceItems().AsNoTracking().Where(i => i.Id == a.ServiceItemId).Select(i => new { i.Code, Name = i.CurrentVersion!.Name }).FirstAsync(ct);
        var community = await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(x => x.Id == a.CommunityId).Select(x => x.Name).FirstAsync(ct);
        return new PublicAppointmentView(a.Code, item.Name, item.Code, community, BookAppointment.When(a.StartsAt, a.EndsAt), a.IsExtended, a.Status, StatusText(a.Status),
            a.Status == AppointmentStatus.Booked && a.StartsAt > clock.GetUtcNow(), a.Status == AppointmentStatus.Booked && a.DayClosedAt != null);
    }

    private async Task<Appointment> LoadPublicAsync(string code, string? phone, CancellationToken ct)
    {
        var normalized = code.Trim().ToUpperInvariant();
        var a = await db.Appointments().IgnoreQueryFilters().FirstOrDefaultAsync(x => x.Code == normalized, ct);
        if (a is null || string.IsNullOrWhiteSpace(phone) || protector.Decrypt(a.PhoneCipher) != phone.Trim())
            throw new NotFoundException("没有找到该预约：请核对预约码和预约时留的手机号。");
        return a;
    }
}
