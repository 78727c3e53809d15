using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

/// <summary>
/// A resident as typed in the form or sent to the API. The dwelling is either <see cref="DwellingId"/> or a building
/// with unit and room (a new unit or room in a known building is created). When updating, a blank ID number, phone or
/// health field keeps the registered value (staff without the sensitive permission never see it, yet may edit the rest).
/// </summary>
public sealed record ResidentInput(
    string? Name,
    string? IdNumber,
    string? Phone,
    string? Health,
    string? RelationshipToHead,
    int? DwellingId,
    int? BuildingId = null,
    string? Unit = null,
    string? Room = null);

/// <summary>Registers a new resident or updates one (登记/修改居民).</summary>
public static class SaveResident
{
    public const string Head = "户主";

    public static async Task<int> HandleAsync(AppDbContext db, SensitiveDataProtector protector, AuditLog audit, TimeProvider clock,
        int? residentId, ResidentInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        var name = input.Name?.Trim() ?? "";
        var idNumber = ChinaIdentity.Normalize(input.IdNumber);
        var phone = string.IsNullOrWhiteSpace(input.Phone) ? null : ChinaIdentity.Normalize(input.Phone);
        var health = string.IsNullOrWhiteSpace(input.Health) ? null : input.Health.Trim();
        var updating = residentId is not null;
        var relationship = input.RelationshipToHead?.Trim() ?? "";
        var unit = input.Unit?.Trim() ?? "";
        var room = input.Room?.Trim() ?? "";

        var v = new Validation();
        if (name.Length == 0) v.Add("name", "请填写姓名");
        else if (name.Length > 50) v.Add("name", "姓名不能超过50个字");
        if ((!updating || idNumber.Length > 0) && ChinaIdentity.IdNumberProblem(idNumber) is { } idProblem) v.Add("idNumber", idProblem);
        if (health is not null && !db.CurrentUser.HasPermission(Permissions.SensitiveView))
            v.Add("health", "填写健康或残疾情况需要“查看敏感信息”权限");
        if (phone is not null && ChinaIdentity.MobileProblem(phone) is { } phoneProblem) v.Add("phone", phoneProblem);
        if (health is { Length: > 500 }) v.Add("health", "健康或残疾情况不能超过500个字");
        if (relationship.Length > 20) v.Add("relationshipToHead", "与户主关系不能超过20个字");
        if (input.DwellingId is null)
        {
            if (input.BuildingId is null) v.Add("buildingId", "请选择居住的楼栋");
            if (unit.Length == 0) v.Add("unit", "请填写单元");
            else if (unit.Length > 20) v.Add("unit", "单元不能超过20个字");
            if (room.Length == 0) v.Add("room", "请填写房号");
            else if (room.Length > 20) v.Add("room", "房号不能超过20个字");
        }
        foreach (var (field, text) in new[] { ("name", name), ("health", health), ("relationshipToHead", relationship), ("unit", unit), ("room", room) })
        {
            if (InputSafety.Problem(text) is { } unsafeText) v.Add(field, unsafeText);
        }
        v.ThrowIfInvalid();

        // Scope checks (which may log a 403) come before any write.
        var resident = residentId is { } existingId ? await PeopleLookup.ResidentAsync(db, audit, existingId, ct) : null;
        if (resident is not null)
        {
            // Kept values are decrypted only to be encrypted again with the new derived fields; they are never shown.
            if (idNumber.Length == 0) idNumber = protector.Decrypt(resident.IdNumberCipher) ?? "";
            phone ??= protector.Decrypt(resident.PhoneCipher);
            health ??= protector.Decrypt(resident.HealthCipher);
        }
        var idHash = protector.LookupHash(idNumber)!;
        await RefuseDuplicateAsync(db, idHash, residentId, ct);
        var place = await DwellingPlaces.ResolveAsync(db, audit, input.DwellingId, input.BuildingId, unit, room, ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        if (resident is null)
        {
            resident = new Resident { CreatedAt = now };
            db.Residents.Add(resident);
        }
        var previousHousehold = resident.HouseholdId;
        var household = resident.DwellingId is { } dwellingId && dwellingId == place.Dwelling.Id && resident.HouseholdId is { } current
            ? await db.Households.FirstAsync(h => h.Id == current, ct)
            : await HouseholdAtAsync(db, place, ct);

        resident.Name = name;
        resident.RelationshipToHead = relationship;
        resident.UpdatedAt = now;
        ResidentWriter.Apply(resident, idNumber, phone, health, protector, place.Address);
        resident.AreaPath = place.AreaPath;
        resident.Dwelling = place.Dwelling;
        resident.Household = household;

        if (relationship == Head && household.HeadResidentId is { } headId && headId != resident.Id)
        {
            var head = await db.Residents.IgnoreQueryFilters().Where(r => r.Id == headId).Select(r => r.Name).FirstOrDefaultAsync(ct);
            if (head is not null)
                throw new DomainException($"该户已有户主：{ResidentWriter.MaskName(head)}。请先把原户主的“与户主关系”改为其他，再设本人为户主。");
        }
        await SaveAsync(db, idHash, residentId, ct);

        // The head is known by id only after the resident is saved.
        if (relationship == Head && household.HeadResidentId != resident.Id) household.HeadResidentId = resident.Id;
        if (relationship != Head && household.HeadResidentId == resident.Id) household.HeadResidentId = null;
        if (previousHousehold is { } old && old != household.Id)
        {
            var oldHousehold = await db.Households.IgnoreQueryFilters().FirstOrDefaultAsync(h => h.Id == old, ct);
            if (oldHousehold?.HeadResidentId == resident.Id) oldHousehold.HeadResidentId = null;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return resident.Id;
    }

    /// <summary>The dwelling's household (the first one when several are registered there), or a new one.</summary>
    internal static async Task<Household> HouseholdAtAsync(AppDbContext db, DwellingPlace place, CancellationToken ct)
    {
        var dwellingId = place.Dwelling.Id;
        var household = dwellingId == 0 ? null : await db.Households.Where(h => h.DwellingId == dwellingId).OrderBy(h => h.Id).FirstOrDefaultAsync(ct);
        if (household is not null) return household;
        household = new Household { Dwelling = place.Dwelling, AreaPath = place.AreaPath };
        db.Households.Add(household);
        return household;
    }

    private static async Task SaveAsync(AppDbContext db, string idHash, int? residentId, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone registered the same ID number a moment ago: the unique hash index refused the second row.
            db.ChangeTracker.Clear();
            await RefuseDuplicateAsync(db, idHash, residentId, ct);
            throw;
        }
    }

    /// <summary>409 with a masked hint of who already holds the ID number; nothing about people outside the caller's area.</summary>
    internal static async Task RefuseDuplicateAsync(AppDbContext db, string idHash, int? exceptId, CancellationToken ct)
    {
        var other = await db.Residents.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.IdNumberHash == idHash && r.Id != (exceptId ?? 0))
            .Select(r => new { r.Id, r.Name, r.AreaPath, r.DwellingId })
            .FirstOrDefaultAsync(ct);
        if (other is null) return;
        if (!AreaPaths.Contains(db.CurrentUser.ScopePath, other.AreaPath))
            throw new DomainException("该身份证号已登记为居民（不在您的管辖范围内），请联系上级管理员核实后迁入。");
        var building = other.DwellingId is { } d
            ? await db.Dwellings.IgnoreQueryFilters().Where(x => x.Id == d).Select(x => x.Building!.Name).FirstOrDefaultAsync(ct)
            : null;
        throw new DomainException($"该身份证号已登记为居民：{ResidentWriter.MaskName(other.Name)}{(building is null ? "" : $"（{building}）")}。请勿重复登记，可在居民详情中修改。");
    }
}
