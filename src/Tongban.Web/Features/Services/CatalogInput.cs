using System.Text.RegularExpressions;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

public sealed record MaterialInput(string? Name, MaterialForm Form = MaterialForm.Original, int Count = 1, string? Notes = null, bool IsMinor = false);

/// <summary>The content of one version of an item, as sent by the catalog editor (page or API).</summary>
public sealed record CatalogInput(
    string? Name,
    string? Group,
    ServiceDuty Duty,
    DecisionLevel DecidedAt,
    string? DecidingUnit,
    int TimeLimitWorkingDays,
    string? Summary,
    string? Eligibility,
    string? Steps,
    string? Fees,
    string? LegalBasis,
    bool CanDoOnline,
    bool CanDoAtHome,
    int ToleranceMaxMissing,
    int ToleranceDays,
    IReadOnlyList<MaterialInput>? Materials,
    bool IsPublic = true,
    bool Publish = true)
{
    public void Validate(Validation v)
    {
        v.Require(!string.IsNullOrWhiteSpace(Name) && Name.Trim().Length <= 100, "name", "请填写事项名称（不超过100字）");
        v.Require((Group?.Trim().Length ?? 0) is > 0 and <= 30, "group", "请填写事项分类（如“社会救助”，不超过30字）");
        v.Require(Enum.IsDefined(Duty), "duty", "事项性质应为社区自身职责或协助政府办理");
        v.Require(Enum.IsDefined(DecidedAt), "decidedAt", "办结层级应为社区、街道或区职能部门");
        v.Require(!string.IsNullOrWhiteSpace(DecidingUnit) && DecidingUnit.Trim().Length <= 100, "decidingUnit", "请填写最终办理单位（不超过100字）");
        v.Require(TimeLimitWorkingDays is >= 0 and <= 365, "timeLimitWorkingDays", "承诺时限应为0到365个工作日（0表示即来即办）");
        v.Require(TimeLimitWorkingDays > 0 || DecidedAt == DecisionLevel.Community, "timeLimitWorkingDays", "街道或部门办结的事项不能即来即办，请填写承诺时限");
        v.Require((Summary?.Length ?? 0) <= 1000, "summary", "事项说明不能超过1000字");
        v.Require(!string.IsNullOrWhiteSpace(Eligibility) && Eligibility.Length <= 2000, "eligibility", "请填写申请条件（不超过2000字）");
        v.Require(!string.IsNullOrWhiteSpace(Steps) && Steps.Length <= 2000, "steps", "请填写办理流程，每行一步（不超过2000字）");
        v.Require((Fees?.Length ?? 0) <= 200, "fees", "收费说明不能超过200字");
        v.Require((LegalBasis?.Length ?? 0) <= 1000, "legalBasis", "设定依据不能超过1000字");
        v.Require(ToleranceMaxMissing is >= 0 and <= 10, "toleranceMaxMissing", "容缺项数应为0到10");
        v.Require(ToleranceMaxMissing == 0 || ToleranceDays is >= 1 and <= 60, "toleranceDays", "容缺受理时请填写补交期限（1到60个工作日）");
        var materials = Materials ?? [];
        v.Require(materials.Count is >= 1 and <= 30, "materials", "一次性告知清单至少列一项材料（最多30项）");
        for (var i = 0; i < materials.Count; i++)
        {
            var m = materials[i];
            if (string.IsNullOrWhiteSpace(m.Name) || m.Name.Trim().Length > 100) v.Add($"materials[{i}].name", $"第{i + 1}项材料缺少名称（不超过100字）");
            if (!Enum.IsDefined(m.Form)) v.Add($"materials[{i}].form", $"第{i + 1}项材料的形式应为原件、复印件、原件及复印件或现场填写");
            if (m.Count is < 1 or > 20) v.Add($"materials[{i}].count", $"第{i + 1}项材料的份数应为1到20");
            if ((m.Notes?.Length ?? 0) > 500) v.Add($"materials[{i}].notes", $"第{i + 1}项材料的说明不能超过500字");
        }
        if (ToleranceMaxMissing > 0 && !materials.Any(m => m.IsMinor))
            v.Add("toleranceMaxMissing", "设置了容缺受理，请至少把一项材料标为“可容缺”");
    }

    public ServiceItemVersion ToVersion()
    {
        var name = Name!.Trim();
        var group = Group!.Trim();
        var summary = Summary?.Trim() ?? "";
        return new ServiceItemVersion
        {
            Name = name,
            Group = group,
            Duty = Duty,
            DecidedAt = DecidedAt,
            DecidingUnit = DecidingUnit!.Trim(),
            TimeLimitWorkingDays = TimeLimitWorkingDays,
            Summary = summary,
            Eligibility = Eligibility!.Trim(),
            Steps = string.Join('\n', Steps!.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            Fees = string.IsNullOrWhiteSpace(Fees) ? "不收费" : Fees.Trim(),
            LegalBasis = LegalBasis?.Trim() ?? "",
            CanDoOnline = CanDoOnline,
            CanDoAtHome = CanDoAtHome,
            ToleranceMaxMissing = ToleranceMaxMissing,
            ToleranceDays = ToleranceMaxMissing == 0 ? 0 : ToleranceDays,
            SearchText = SearchTextFor(name, group, summary, Materials ?? []),
            Materials = [.. (Materials ?? []).Select((m, i) => new ServiceMaterial
            {
                Order = i + 1,
                Name = m.Name!.Trim(),
                Form = m.Form,
                Count = m.Count,
                Notes = m.Notes?.Trim() ?? "",
                IsMinor = m.IsMinor,
            })],
        };
    }

    /// <summary>Name, group and summary, plus the pinyin initials of the name so "cjr" finds 残疾人.</summary>
    public static string SearchTextFor(string name, string group, string summary, IEnumerable<MaterialInput> materials) =>
        $"{name} {group} {ChineseText.PinyinInitials(name).ToLowerInvariant()} {summary} {string.Join(' ', materials.Select(m => m.Name))}";

    public static CatalogInput From(ServiceItemVersion v, bool isPublic) => new(v.Name, v.Group, v.Duty, v.DecidedAt, v.DecidingUnit, v.TimeLimitWorkingDays,
        v.Summary, v.Eligibility, v.Steps, v.Fees, v.LegalBasis, v.CanDoOnline, v.CanDoAtHome, v.ToleranceMaxMissing, v.ToleranceDays,
        [.. v.Materials.OrderBy(m => m.Order).Select(m => new MaterialInput(m.Name, m.Form, m.Count, m.Notes, m.IsMinor))], isPublic);

    public static bool IsValidCode(string? code) => code is not null && Regex.IsMatch(code, "^[a-z0-9][a-z0-9-]{1,58}$");
}
