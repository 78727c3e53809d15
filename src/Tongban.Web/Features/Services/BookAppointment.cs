using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Places;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

public sealed record BookAppointmentRequest(int? CommunityId, string? ItemCode, DateTimeOffset? StartsAt, string? Name, string? Phone, string? Note = null);

public sealed record BookAppointmentResult(long Id, string Code, string ItemName, string Community, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool IsExtended,
    string When, string PhoneMasked, IReadOnlyList<MaterialView> Checklist);

/// <summary>
/// 预约: a resident (or staff for them, e.g. from a neighbourhood group) takes one seat of one slot. The seat is
/// claimed by inserting a row whose ActiveKey is unique, so of two concurrent requests for the last seat exactly
/// one is stored and the other is told the slot is full.
/// </summary>
public sealed class BookAppointment(AppDbContext db, AppointmentSlots slots, SensitiveDataProtector protector, TimeProvider clock, ICurrentUser user)
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public async Task<BookAppointmentResult> HandleAsync(BookAppointmentRequest request, CancellationToken ct)
    {
        var v = new Validation();
        var name = request.Name?.Trim() ?? "";
        v.Require(name.Length is >= 1 and <= 50, "name", "请填写姓名（不超过50字）");
        if (ChinaIdentity.MobileProblem(request.Phone) is { } phoneProblem) v.Add("phone", phoneProblem);
        v.Require((request.Note?.Length ?? 0) <= 500, "note", "备注不能超过500字");
        v.Require(request.StartsAt is not null, "startsAt", "请选择预约时段");
        var community = request.CommunityId is { } cid
            ? await db.Areas.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(a => a.Id == cid && a.Level == AreaLevel.Community, ct)
            : null;
        if (community is null) v.Add("communityId", "请选择社区");
        var item = string.IsNullOrWhiteSpace(request.ItemCode) ? null
            : await db.ServiceItems().AsNoTracking().Include(i => i.CurrentVersion!).ThenInclude(x => x.Materials)
                .FirstOrDefaultAsync(i => i.Code == request.ItemCode && !i.IsWithdrawn, ct);
        if (item is null) v.Add("itemCode", "请选择要办理的事项");
        else if (item.CurrentVersion is null) v.Add("itemCode", "该事项尚未发布一次性告知清单，暂不能预约");
        v.ThrowIfInvalid();

        var now = clock.GetUtcNow();
        var startsAt = request.StartsAt!.Value.ToUniversalTime();
        if (startsAt <= now) throw new ValidationFailedException("startsAt", "该时段已经过去，请选择之后的时段");
        var day = DateOnly.FromDateTime(startsAt.ToShanghai().DateTime);
        if (day > clock.Today().AddDays(AppointmentSlots.DaysAhead))
            throw new ValidationFailedException("startsAt", $"只能预约{AppointmentSlots.DaysAhead}天以内的时段");
        var periods = await slots.PeriodsAsync(community!.Id, ct);
        var slot = slots.SlotsOn(periods, day).FirstOrDefault(s => s.StartsAt == startsAt)
            ?? throw new ValidationFailedException("startsAt", "该时间不是社区的开放预约时段，请从列表中选择");

        var phone = request.Phone!.Trim();
        for (var seat = 1; seat <= slot.Seats; seat++)
        {
            var key = Appointment.KeyFor(community.Id, startsAt, seat);
            if (await db.Appointments().IgnoreQueryFilters().AnyAsync(a => a.ActiveKey == key, ct)) continue;
            var appointment = new Appointment
            {
                Code = NewCode(),
                CommunityId = community.Id,
                AreaPath = community.AreaPath,
                ServiceItemId = item!.Id,
                StartsAt = startsAt,
                EndsAt = slot.EndsAt,
                Seat = seat,
                IsExtended = slot.IsExtended,
                ActiveKey = key,
                ApplicantName = name,
                PhoneCipher = protector.Encrypt(phone)!,
                PhoneMasked = ChinaIdentity.MaskMobile(phone),
                Note = request.Note?.Trim(),
                BookedBy = user.IsAuthenticated ? user.UserName : null,
                Status = AppointmentStatus.Booked,
                CreatedAt = now,
            };
            db.Appointments().Add(appointment);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await db.SaveChangesAsync(ct);
                QueueMessage(appointment, item.CurrentVersion!.Name, community.Name, "service-appointment-booked", "booked", now);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Someone else took this seat between the check and the insert: try the next seat.
                db.ChangeTracker.Clear();
                continue;
            }
            return new BookAppointmentResult(appointment.Id, appointment.Code, item.CurrentVersion!.Name, community.Name, startsAt, slot.EndsAt, slot.IsExtended,
                When(startsAt, slot.EndsAt), appointment.PhoneMasked, GuideItemView.From(item, item.CurrentVersion).Materials);
        }
        throw new DomainException("该时段已约满，请选择其他时段。");
    }

    public static string When(DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        var s = startsAt.ToShanghai();
        var week = "日一二三四五六"[(int)s.DayOfWeek];
        return $"{s:yyyy年M月d日} 周{week} {s:HH:mm}-{endsAt.ToShanghai():HH:mm}";
    }

    /// <summary>Confirmation and reminder messages share one shape; the key makes each one go out once.</summary>
    public static OutboxMessage Message(Appointment a, string itemName, string community, string template, string suffix, DateTimeOffset now) => new()
    {
        IdempotencyKey = $"appt:{a.Code}:{suffix}",
        Channel = "sms",
        RecipientCipher = a.PhoneCipher,
        RecipientMasked = a.PhoneMasked,
        Template = template,
        PayloadJson = JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["code"] = a.Code, ["item"] = itemName, ["community"] = community, ["when"] = When(a.StartsAt, a.EndsAt),
        }),
        CreatedAt = now,
    };

    private void QueueMessage(Appointment a, string itemName, string community, string template, string suffix, DateTimeOffset now) =>
        db.OutboxMessages.Add(Message(a, itemName, community, template, suffix, now));

    private static string NewCode() => string.Concat(Enumerable.Range(0, 8).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]));
}
