using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Places;
using Tongban.Web.Features.Public;
using Tongban.Web.Features.Services.Desk;

namespace Tongban.Web.Features.Services.Guide;

/// <summary>预约办理 on a phone: pick the community and item, then a slot (evening and Saturday included), leave a name and number.</summary>
[AllowAnonymous]
[PublicWriteLimit]
public sealed class BookModel(AppDbContext db, SearchGuide guide, AppointmentSlots slots, BookAppointment book, TimeProvider clock) : PageModel
{
    public sealed record Community(int Id, string Name);

    [BindProperty(SupportsGet = true)] public int? CommunityId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Item { get; set; }

    /// <summary>The day whose slots are shown (one day at a time keeps the phone page short).</summary>
    [BindProperty(SupportsGet = true)] public DateOnly? Day { get; set; }
    [BindProperty] public DateTimeOffset? StartsAt { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Phone { get; set; }

    public IReadOnlyList<Community> Communities { get; private set; } = [];
    public IReadOnlyList<GuideListItem> Items { get; private set; } = [];
    public IReadOnlyList<SlotDay> Days { get; private set; } = [];
    public SlotDay? Shown => Days.FirstOrDefault(d => d.Date == Day) ?? Days.FirstOrDefault(d => d.Slots.Any(s => s.Free > 0)) ?? Days.FirstOrDefault();
    public BookAppointmentResult? Booked { get; private set; }

    /// <summary>What is missing when 查看可预约时段 was pressed without a community or an item.</summary>
    public string? ChoiceProblem { get; private set; }

    /// <summary>The booking is for a later day, so the reminder the day before will come.</summary>
    public bool RemindedDayBefore => Booked is { } b
        && DateOnly.FromDateTime(Infrastructure.ShanghaiTime.ToShanghai(b.StartsAt).DateTime) > Infrastructure.ShanghaiTime.Today(clock);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            Booked = await book.HandleAsync(new BookAppointmentRequest(CommunityId, Item, StartsAt, Name, Phone), ct);
        }
        catch (Exception e) when (PageErrors.IsRefusal(e))
        {
            PageErrors.Add(ModelState, e);
            await LoadAsync(ct);
        }
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Communities = await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(a => a.Level == AreaLevel.Community).OrderBy(a => a.Code)
            .Select(a => new Community(a.Id, a.Name)).ToListAsync(ct);
        Items = await guide.HandleAsync(null, null, ct);
        var community = CommunityId is { } c && Communities.Any(x => x.Id == c);
        var item = Items.Any(i => i.Code == Item);
        if (community && item)
            Days = await slots.HandleAsync(CommunityId!.Value, null, AppointmentSlots.DaysAhead, ct);
        else if (Request.Query.ContainsKey("communityId") || Request.Query.ContainsKey("item"))
            ChoiceProblem = !community && !item ? "请先选择社区和办理事项" : !community ? "请先选择社区" : "请先选择办理事项";
        if (Day is null && StartsAt is { } chosen) Day = DateOnly.FromDateTime(Infrastructure.ShanghaiTime.ToShanghai(chosen).DateTime);
    }
}
