using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

/// <summary>Closes a diary entry settled by follow-up without an appeal (answered, explained, handled by the property company).</summary>
public sealed class CloseDiaryEntry(AppDbContext db, TimeProvider clock)
{
    public async Task HandleAsync(long entryId, string? note, CancellationToken ct)
    {
        var entry = await db.DiaryEntries.FirstOrDefaultAsync(e => e.Id == entryId, ct)
            ?? throw new NotFoundException($"找不到编号为{entryId}的民情日记，或不在您的管辖范围内。");
        if ((note?.Length ?? 0) > 1000) throw new ValidationFailedException("note", "办结说明不能超过1000字");
        entry.Close(note ?? "", clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }
}
