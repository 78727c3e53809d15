using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;

namespace Tongban.Web.Features.Places;

/// <summary>Changes a compound's name, address and property company; it stays in its community.</summary>
public sealed class UpdateCompound(AppDbContext db, AuditLog audit)
{
    public sealed record Request(string? Name, string? Address, string? PropertyCompany);

    public async Task<CompoundSummary> HandleAsync(int id, Request request, CancellationToken ct)
    {
        var compound = await PlaceLookup.CompoundAsync(db, id, audit, ct);
        var community = await db.Areas.FirstAsync(a => a.Id == compound.CommunityId, ct);
        var fields = await CompoundFields.CheckAsync(db, community, compound.Id, request.Name, request.Address, request.PropertyCompany, ct);
        compound.Update(fields.Name, fields.Address, fields.PropertyCompany);
        await db.SaveChangesAsync(ct);
        var buildings = await db.Buildings.CountAsync(b => b.CompoundId == id, ct);
        return new CompoundSummary(compound.Id, compound.Name, compound.Address, compound.PropertyCompany, community.Id, community.Name, buildings, compound.IsSample);
    }
}
