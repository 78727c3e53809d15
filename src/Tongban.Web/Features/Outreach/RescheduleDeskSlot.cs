using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Outreach;

public sealed record RescheduleInput(DateOnly? Date, TimeOnly? StartTime, TimeOnly? EndTime, string? Reason, bool ShiftFollowing = false);

/// <summary>Moves one desk (e.g. for rain); optionally every later scheduled desk of the plan moves by the same number of days.</summary>
public sealed class RescheduleDeskSlot(AppDbContext db, TimeProvider clock)
{
    public async Task HandleAsync(int slotId, RescheduleInput input, CancellationToken ct)
    {
        var slot = await db.DeskSlots.FirstOrDefaultAsync(s => s.Id == slotId, ct)
            ?? throw new NotFoundException($"找不到编号为{slotId}的流动办公场次，或不在您的管辖范围内。");
        if (input.Date is not { } date) throw new ValidationFailedException("date", "请选择改期后的日期");
        if ((input.Reason?.Length ?? 0) > 200) throw new ValidationFailedException("reason", "改期原因不能超过200字");
        var oldDate = slot.Date;
        slot.Reschedule(date, input.StartTime ?? slot.StartTime, input.EndTime ?? slot.EndTime, input.Reason ?? "", clock.Today());
        if (input.ShiftFollowing && date != oldDate)
        {
            var days = date.DayNumber - oldDate.DayNumber;
            var later = await db.DeskSlots.Where(s => s.PlanId == slot.PlanId && s.Id != slot.Id && s.State == DeskSlotState.Scheduled && s.Date >= oldDate).ToListAsync(ct);
            foreach (var other in later.Where(o => o.Cycle > slot.Cycle || (o.Cycle == slot.Cycle && o.Sequence > slot.Sequence)))
                other.Reschedule(other.Date.AddDays(days), other.StartTime, other.EndTime, $"顺延：{input.Reason!.Trim()}", DateOnly.MinValue);
        }
        await db.SaveChangesAsync(ct);
    }
}
