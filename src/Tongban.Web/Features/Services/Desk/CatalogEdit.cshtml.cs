using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Tongban.Web.Features.Services.Desk;

/// <summary>
/// Adding an item or saving a new version of it. Materials are edited as lines "名称|形式|份数|说明|可容缺" so the
/// whole checklist fits one textarea on a phone.
/// </summary>
[Authorize(Policy = ServicePermissions.Catalog)]
public sealed class CatalogEditModel(GetGuideItem get, CreateServiceItem create, ReviseServiceItem revise) : PageModel
{
    public sealed class ItemForm
    {
        public string? Code { get; set; }
        public int? BaseVersion { get; set; }
        public string? Name { get; set; }
        public string? Group { get; set; }
        public ServiceDuty Duty { get; set; } = ServiceDuty.Assist;
        public DecisionLevel DecidedAt { get; set; } = DecisionLevel.Department;
        public string? DecidingUnit { get; set; }
        public int TimeLimitWorkingDays { get; set; } = 10;
        public string? Summary { get; set; }
        public string? Eligibility { get; set; }
        public string? Steps { get; set; }
        public string? Fees { get; set; }
        public string? LegalBasis { get; set; }
        public bool CanDoOnline { get; set; }
        public bool CanDoAtHome { get; set; }
        public int ToleranceMaxMissing { get; set; }
        public int ToleranceDays { get; set; }
        public string? Materials { get; set; }
        public bool IsPublic { get; set; } = true;
    }

    private static readonly Dictionary<string, MaterialForm> Forms = new()
    {
        ["原件"] = MaterialForm.Original, ["复印件"] = MaterialForm.Copy, ["原件及复印件"] = MaterialForm.OriginalAndCopy, ["现场填写"] = MaterialForm.Form,
    };

    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    [BindProperty] public ItemForm Input { get; set; } = new();
    public string? Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Id is not { } id) return;
        var v = await get.StaffAsync(id, null, ct);
        Input = new ItemForm
        {
            Code = v.Code, BaseVersion = v.VersionNumber, Name = v.Name, Group = v.Group, Duty = v.Duty == CatalogTexts.Duty(ServiceDuty.Own) ? ServiceDuty.Own : ServiceDuty.Assist,
            DecidedAt = v.DecidedAt, DecidingUnit = v.DecidingUnit, TimeLimitWorkingDays = v.TimeLimitWorkingDays, Summary = v.Summary, Eligibility = v.Eligibility,
            Steps = string.Join('\n', v.Steps), Fees = v.Fees, LegalBasis = v.LegalBasis, CanDoOnline = v.CanDoOnline, CanDoAtHome = v.CanDoAtHome,
            ToleranceMaxMissing = v.ToleranceMaxMissing, ToleranceDays = v.ToleranceDays, IsPublic = v.IsPublic,
            Materials = string.Join('\n', v.Materials.Select(m => $"{m.Name}|{m.FormText}|{m.Count}|{m.Notes}|{(m.IsMinor ? "可容缺" : "")}")),
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var materials = new List<MaterialInput>();
        foreach (var line in (Input.Materials ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('|');
            var form = parts.Length > 1 && Forms.TryGetValue(parts[1].Trim(), out var f) ? f : MaterialForm.Original;
            var count = parts.Length > 2 && int.TryParse(parts[2], out var c) ? c : 1;
            materials.Add(new MaterialInput(parts[0].Trim(), form, count, parts.Length > 3 ? parts[3].Trim() : null, parts.Length > 4 && parts[4].Contains("容缺")));
        }
        var content = new CatalogInput(Input.Name, Input.Group, Input.Duty, Input.DecidedAt, Input.DecidingUnit, Input.TimeLimitWorkingDays, Input.Summary,
            Input.Eligibility, Input.Steps, Input.Fees, Input.LegalBasis, Input.CanDoOnline, Input.CanDoAtHome, Input.ToleranceMaxMissing, Input.ToleranceDays,
            materials, Input.IsPublic);
        try
        {
            var result = Id is { } id
                ? await revise.HandleAsync(id, new ReviseServiceItemRequest(Input.BaseVersion, content), ct)
                : await create.HandleAsync(new CreateServiceItemRequest(Input.Code, content), ct);
            Saved = $"已保存为第{result.VersionNumber}版并发布。" + (result.OpenApplicationsOnOlderVersions > 0 ? $"{result.OpenApplicationsOnOlderVersions}件在办办件继续按原版本办理。" : "");
            Id = result.ItemId;
            Input.BaseVersion = result.VersionNumber;
            ModelState.Clear();
        }
        catch (Exception e) when (PageErrors.IsRefusal(e))
        {
            PageErrors.Add(ModelState, e, "Input.");
        }
        return Page();
    }
}
