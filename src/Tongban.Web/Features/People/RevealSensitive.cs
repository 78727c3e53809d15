using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

public sealed record SensitiveValues(int ResidentId, string? IdNumber, string? Phone, string? Health);

/// <summary>Shows a resident's ID number, phone and health record in full (查看完整信息); every view is logged first.</summary>
public static class RevealSensitive
{
    public static async Task<SensitiveValues> HandleAsync(AppDbContext db, SensitiveDataProtector protector, AuditLog audit, int id, string channel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(audit);
        var r = await PeopleLookup.ResidentAsync(db, audit, id, ct);
        // Logged before anything is shown: if the log cannot be written, nothing is revealed.
        await audit.RecordAsync("view-sensitive", nameof(Resident), r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"查看完整身份证号、手机号、健康或残疾情况（{channel}）", r.AreaPath, ct);
        return new SensitiveValues(r.Id, protector.Decrypt(r.IdNumberCipher), protector.Decrypt(r.PhoneCipher), protector.Decrypt(r.HealthCipher));
    }
}
