using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <summary>
/// Receiving a resident for one item (首问). Anyone who meets residents may call it: the window, a mobile desk, a
/// home visit, a proxy for the elderly. The caller becomes the owner for good.
/// </summary>
/// <param name="HelperUserId">A qualified colleague helping an owner who is still in training (协办人).</param>
public sealed record StartApplicationRequest(
    int? ServiceItemId,
    string? ApplicantName,
    string? ApplicantPhone = null,
    IntakeChannel Channel = IntakeChannel.Window,
    int? ResidentId = null,
    int? CommunityId = null,
    string? HelperUserId = null,
    long? AppointmentId = null);

public sealed record StartApplicationResult(long Id, string Number, int VersionNumber, IReadOnlyList<MaterialView> Checklist);

public sealed class StartApplication(ServiceDesk desk, SensitiveDataProtector protector, SuggestColleague colleagues)
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public async Task<StartApplicationResult> HandleAsync(StartApplicationRequest request, CancellationToken ct)
    {
        desk.Ensure(ServicePermissions.Handle, "接待办件");
        var db = desk.Db;
        var v = new Validation();
        var name = request.ApplicantName?.Trim() ?? "";
        v.Require(name.Length is >= 1 and <= 50, "applicantName", "请填写申请人姓名（不超过50字）");
        if (!string.IsNullOrWhiteSpace(request.ApplicantPhone) && ChinaIdentity.MobileProblem(request.ApplicantPhone) is { } phoneProblem)
            v.Add("applicantPhone", phoneProblem);
        v.Require(Enum.IsDefined(request.Channel), "channel", "接待方式应为窗口、流动办公桌、上门服务、代办或预约");
        var item = request.ServiceItemId is { } itemId
            ? await db.ServiceItems().AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId, ct)
            : null;
        if (item is null) v.Add("serviceItemId", "请选择服务事项");
        else if (item.IsWithdrawn) v.Add("serviceItemId", "该事项已停用，不能再受理");
        else if (item.CurrentVersionId is null) v.Add("serviceItemId", "该事项尚未发布一次性告知清单，暂不能受理；请联系社区管理员先发布清单");
        v.ThrowIfInvalid();

        var staff = await desk.StaffAsync(ct);
        var community = await desk.CommunityAsync(staff, request.CommunityId, ct);
        var version = await db.ServiceItemVersions().AsNoTracking().Include(x => x.Materials).FirstAsync(x => x.Id == item!.CurrentVersionId, ct);
        var booked = request.AppointmentId is { } appointmentId ? await BookingAsync(appointmentId, community.Id, ct) : null;

        // Skill matrix: an owner still learning the item needs a qualified colleague beside them.
        var skills = await db.StaffSkills().AsNoTracking().Where(s => s.ServiceItemId == item!.Id && (s.UserId == staff.UserId || s.UserId == request.HelperUserId))
            .ToDictionaryAsync(s => s.UserId, ct);
        string? helperName = null;
        if (!(skills.GetValueOrDefault(staff.UserId)?.CanHandle ?? false))
        {
            var helperOk = request.HelperUserId is { } h && (skills.GetValueOrDefault(h)?.CanHandle ?? false);
            if (!helperOk)
            {
                var suggestions = await colleagues.HandleAsync(item!.Id, community.Id, community.AreaPath, staff.UserId, ct);
                var own = skills.GetValueOrDefault(staff.UserId);
                var status = own is null ? "尚未学习该事项" : $"该事项{StaffSkill.LevelText(own.Level)}（进度{own.Progress}%）";
                var hint = suggestions.Count == 0 ? "本社区暂无可独立办理该事项的同事，请联系社区书记。"
                    : $"可请{string.Join("、", suggestions.Take(3).Select(s => s.Name + (s.OnDutyNow ? "（在岗）" : "")))}协助，选为协办人后再接待。";
                throw new ValidationFailedException(request.HelperUserId is null ? "serviceItemId" : "helperUserId",
                    $"您{status}，还不能独立办理「{version.Name}」。{hint}");
            }
            helperName = await db.Users.AsNoTracking().Where(u => u.Id == request.HelperUserId).Select(u => u.DisplayName).FirstAsync(ct);
        }

        var number = await NewNumberAsync(ct);
        var application = ServiceApplication.Start(number, version, community.Id, community.AreaPath, request.Channel, name, staff.UserId, staff.Name, desk.Now);
        application.ResidentId = request.ResidentId;
        application.AppointmentId = request.AppointmentId;
        if (helperName is not null)
        {
            application.HelperUserId = request.HelperUserId;
            application.HelperName = helperName;
        }
        if (!string.IsNullOrWhiteSpace(request.ApplicantPhone))
        {
            var phone = request.ApplicantPhone.Trim();
            application.ApplicantPhoneCipher = protector.Encrypt(phone);
            application.ApplicantPhoneMasked = ChinaIdentity.MaskMobile(phone);
        }
        else if (booked is { PhoneCipher.Length: > 0 })
        {
            // The phone given when booking comes along, so the missing list reaches the resident without asking again.
            application.ApplicantPhoneCipher = booked.PhoneCipher;
            application.ApplicantPhoneMasked = booked.PhoneMasked;
        }
        db.ServiceApplications().Add(application);
        try
        {
            await desk.SaveAsync(ct);
        }
        catch (DbUpdateException) when (request.AppointmentId is { } raced)
        {
            // Two presses at once: the unique index on the appointment lets one application through.
            db.ChangeTracker.Clear();
            if (await StartedFromAsync(raced, ct) is { } winner) throw Started(winner);
            throw;
        }
        return new StartApplicationResult(application.Id, application.Number, version.Number,
            GuideItemView.From(item!, version).Materials);
    }

    private sealed record Booking(string PhoneCipher, string PhoneMasked);

    /// <summary>
    /// The booking the resident came for: of this community (another's would bring a stranger's phone along), not
    /// cancelled, and not already received (one booking, one application).
    /// </summary>
    private async Task<Booking> BookingAsync(long appointmentId, int communityId, CancellationToken ct)
    {
        var row = await desk.Db.Appointments().AsNoTracking().Where(a => a.Id == appointmentId)
            .Select(a => new { a.CommunityId, a.Status, a.PhoneCipher, a.PhoneMasked }).FirstOrDefaultAsync(ct);
        if (row is null || row.CommunityId != communityId)
            throw new ValidationFailedException("appointmentId", "找不到本社区的这条预约；请从预约名单中点“到场”开始接待，或不选预约直接接待");
        if (row.Status == AppointmentStatus.Cancelled)
            throw new ValidationFailedException("appointmentId", "这条预约已取消；居民到了现场，请不选预约、按窗口接待登记");
        if (await StartedFromAsync(appointmentId, ct) is { } number) throw Started(number);
        return new Booking(row.PhoneCipher, row.PhoneMasked);
    }

    private Task<string?> StartedFromAsync(long appointmentId, CancellationToken ct) =>
        desk.Db.ServiceApplications().IgnoreQueryFilters().Where(a => a.AppointmentId == appointmentId).Select(a => a.Number).FirstOrDefaultAsync(ct);

    private static DomainException Started(string number) => new($"这条预约已开始办件（{number}），请打开该办件继续办理。");

    private async Task<string> NewNumberAsync(CancellationToken ct)
    {
        var prefix = $"FW{desk.Today:yyMMdd}";
        while (true)
        {
            var number = prefix + string.Concat(Enumerable.Range(0, 5).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]));
            if (!await desk.Db.ServiceApplications().IgnoreQueryFilters().AnyAsync(a => a.Number == number, ct)) return number;
        }
    }
}
