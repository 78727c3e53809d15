using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Tongban.Web.Features.Services.Desk;

/// <summary>The window workbench (一岗通办工作台): receive a resident for any item, then everything the caller owns.</summary>
[Authorize(Policy = ServicePermissions.View)]
public sealed class IndexModel(ListCatalog catalog, ListApplications applications, StartApplication start, ManageAppointments appointments,
    SuggestColleague colleagues, ServiceDesk desk) : PageModel
{
    public sealed class StartForm
    {
        public int? ServiceItemId { get; set; }
        public string? ApplicantName { get; set; }
        public string? ApplicantPhone { get; set; }
        public IntakeChannel Channel { get; set; } = IntakeChannel.Window;
        public string? HelperUserId { get; set; }
        public long? AppointmentId { get; set; }
    }

    [BindProperty] public StartForm Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Queue { get; set; }

    public IReadOnlyList<CatalogRow> Items { get; private set; } = [];
    public IReadOnlyList<ApplicationRow> Applications { get; private set; } = [];
    public IReadOnlyList<AppointmentRow> Today { get; private set; } = [];
    public IReadOnlyList<ColleagueSuggestion> Colleagues { get; private set; } = [];

    /// <summary>The masked phone of the appointment being received; the application takes it when no other is typed.</summary>
    public string? BookedPhone { get; private set; }
    public bool CanHandle => ServicePermissions.Has(User, ServicePermissions.Handle);

    public static readonly (string Code, string Name)[] Queues = [("mine", "我负责的"), ("open", "本社区在办"), ("today", "今日接待"), ("defects", "一次告知缺陷")];

    public async Task OnGetAsync(int? item, string? name, long? appointment, CancellationToken ct)
    {
        Input.ServiceItemId = item;
        Input.ApplicantName = name;
        Input.AppointmentId = appointment;
        if (appointment is not null) Input.Channel = IntakeChannel.Appointment;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var result = await start.HandleAsync(new StartApplicationRequest(Input.ServiceItemId, Input.ApplicantName, Input.ApplicantPhone, Input.Channel,
                HelperUserId: string.IsNullOrEmpty(Input.HelperUserId) ? null : Input.HelperUserId, AppointmentId: Input.AppointmentId), ct);
            return Redirect($"/Services/Applications/{result.Id}");
        }
        catch (Exception e) when (PageErrors.IsRefusal(e))
        {
            PageErrors.Add(ModelState, e, "Input.");
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Items = [.. (await catalog.HandleAsync(ct)).Where(i => !i.IsWithdrawn && i.CurrentVersion is not null)];
        Applications = await applications.HandleAsync(Queue ?? "mine", ct);
        Today = await appointments.DayAsync(null, ct);
        if (Input.AppointmentId is { } appointment) BookedPhone = await appointments.BookedPhoneAsync(appointment, ct);
        // Once an item is chosen and the caller is refused for lack of skill, offer the colleagues who can help.
        if (Input.ServiceItemId is { } item && ModelState.ErrorCount > 0)
        {
            var staff = await desk.StaffAsync(ct);
            try
            {
                var community = await desk.CommunityAsync(staff, null, ct);
                Colleagues = await colleagues.HandleAsync(item, community.Id, community.AreaPath, staff.UserId, ct);
            }
            catch (Infrastructure.ValidationFailedException)
            {
                Colleagues = []; // a district account has no single community to look in
            }
        }
    }
}
