using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals.Staff.Settings;

public sealed class TimeLimitForm
{
    public int? Id { get; set; }
    public int? CategoryId { get; set; }
    public AppealUrgency? Urgency { get; set; }
    public int? DispatchHours { get; set; }
    public int? FeedbackHours { get; set; }
    public int? FeedbackWorkingDays { get; set; }
    public int? AcknowledgeHours { get; set; } = 2;
}

/// <summary>办理时限: a default rule per urgency, and rules that narrow one category. New limits apply from the next appeal.</summary>
[Authorize(Policy = AppealPermissions.Configure)]
public sealed class TimeLimitsModel(ManageTimeLimitRules rules, ManageCategories categories) : PageModel
{
    [BindProperty] public TimeLimitForm Input { get; set; } = new();
    public IReadOnlyList<TimeLimitRuleView> Items { get; private set; } = [];
    public IReadOnlyList<CategoryView> Categories { get; private set; } = [];
    [TempData] public string? Message { get; set; }
    [TempData] public string? Refusal { get; set; }

    public async Task OnGetAsync(int? edit, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (edit is { } id && Items.FirstOrDefault(r => r.Id == id) is { } r)
            Input = new TimeLimitForm
            {
                Id = r.Id, CategoryId = r.CategoryId, Urgency = r.Urgency, DispatchHours = r.DispatchHours, FeedbackHours = r.FeedbackHours,
                FeedbackWorkingDays = r.FeedbackWorkingDays, AcknowledgeHours = r.AcknowledgeHours,
            };
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var input = new TimeLimitRuleInput(Input.CategoryId, Input.Urgency, Input.DispatchHours, Input.FeedbackHours, Input.FeedbackWorkingDays,
            Input.AcknowledgeHours);
        return await SettingsPage.SaveAsync(this, async () =>
        {
            if (Input.Id is { } id) await rules.UpdateAsync(id, input, ct);
            else await rules.CreateAsync(input, ct);
            return Input.Id is null ? "已新增时限规则，之后登记的诉求按新规则计算" : "已保存时限规则，之后登记、升级或重办的诉求按新规则计算";
        }, m => Message = m, () => LoadAsync(ct));
    }

    public Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct) =>
        SettingsPage.DeleteAsync(this, () => rules.DeleteAsync(id, ct), "已删除时限规则", m => Message = m, m => Refusal = m);

    /// <summary>How a feedback limit reads: on the clock or in working days.</summary>
    public static string Feedback(TimeLimitRuleView r) => r.FeedbackWorkingDays is { } days ? $"{days}个工作日" : $"{r.FeedbackHours}小时";

    private async Task LoadAsync(CancellationToken ct)
    {
        Items = await rules.ListAsync(ct);
        Categories = await categories.ListAsync(ct);
    }
}
