using System.Text.Json.Serialization;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <summary>Whose duty an item is (事项清单 groups them this way).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServiceDuty>))]
public enum ServiceDuty
{
    /// <summary>社区自身职责事项</summary>
    Own = 0,

    /// <summary>社区协助政府（部门）办理事项</summary>
    Assist = 1,
}

/// <summary>Where the application is finally decided (最终办结/审批层级).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DecisionLevel>))]
public enum DecisionLevel
{
    Community = 0,
    Street = 1,
    Department = 2,
}

/// <summary>Which form of a material the resident brings.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MaterialForm>))]
public enum MaterialForm
{
    /// <summary>原件（核验后退还）</summary>
    Original = 0,
    /// <summary>复印件</summary>
    Copy = 1,
    /// <summary>原件及复印件</summary>
    OriginalAndCopy = 2,
    /// <summary>现场填写或签字的表格</summary>
    Form = 3,
}

public static class CatalogTexts
{
    public static string Duty(ServiceDuty d) => d == ServiceDuty.Own ? "社区自身职责" : "协助政府办理";

    public static string Level(DecisionLevel l) => l switch
    {
        DecisionLevel.Community => "社区",
        DecisionLevel.Street => "街道",
        _ => "区职能部门",
    };

    public static string Form(MaterialForm f) => f switch
    {
        MaterialForm.Original => "原件",
        MaterialForm.Copy => "复印件",
        MaterialForm.OriginalAndCopy => "原件及复印件",
        _ => "现场填写",
    };
}

/// <summary>
/// 服务事项: the stable identity of one item in the catalog. Its content lives in versions; editing publishes a new
/// version and applications keep the version they were started under.
/// </summary>
public class ServiceItem
{
    public int Id { get; set; }

    /// <summary>Stable address of the item's guide page (/guide/{Code}), lower-case ASCII.</summary>
    public string Code { get; set; } = "";

    /// <summary>Listed on the public guide.</summary>
    public bool IsPublic { get; set; } = true;

    /// <summary>Taken out of service (停用); its guide page and intake close, its history stays.</summary>
    public bool IsWithdrawn { get; set; }

    public bool IsSample { get; set; }

    /// <summary>The published version new applications and the guide use; null while nothing is published.</summary>
    public int? CurrentVersionId { get; set; }
    public ServiceItemVersion? CurrentVersion { get; set; }

    public List<ServiceItemVersion> Versions { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Adds a new version after the latest one; published at once unless <paramref name="publish"/> is false.</summary>
    public ServiceItemVersion AddVersion(ServiceItemVersion content, bool publish, string actorName, DateTimeOffset now)
    {
        if (IsWithdrawn) throw new DomainException("该事项已停用，不能再修改；如需恢复请联系系统管理员。");
        // An unpublished draft is replaced rather than piled up.
        var draft = Versions.FirstOrDefault(v => v.PublishedAt is null);
        if (draft is not null) Versions.Remove(draft);
        content.Number = Versions.Count == 0 ? 1 : Versions.Max(v => v.Number) + 1;
        content.CreatedAt = now;
        content.CreatedBy = actorName;
        content.PublishedAt = publish ? now : null;
        Versions.Add(content);
        return content;
    }

    public void Withdraw(int openApplications)
    {
        if (openApplications > 0)
            throw new DomainException($"该事项还有{openApplications}件办件未办结，不能停用；请先办结或转办这些办件。");
        IsWithdrawn = true;
    }
}

/// <summary>One published (or draft) content of an item: its one-time notification checklist (一次性告知清单).</summary>
public class ServiceItemVersion
{
    public int Id { get; set; }
    public int ServiceItemId { get; set; }
    public int Number { get; set; }

    public string Name { get; set; } = "";

    /// <summary>分类，如 社会救助、养老服务、残疾人服务.</summary>
    public string Group { get; set; } = "";
    public ServiceDuty Duty { get; set; }
    public string Summary { get; set; } = "";
    public string Eligibility { get; set; } = "";

    /// <summary>办理流程, one step per line.</summary>
    public string Steps { get; set; } = "";
    public DecisionLevel DecidedAt { get; set; }

    /// <summary>The unit that finally decides, e.g. 区民政局 or 街道社区事务受理中心.</summary>
    public string DecidingUnit { get; set; } = "";

    /// <summary>承诺办结时限（工作日）; 0 means done on the spot.</summary>
    public int TimeLimitWorkingDays { get; set; }
    public string Fees { get; set; } = "不收费";
    public string LegalBasis { get; set; } = "";
    public bool CanDoOnline { get; set; }
    public bool CanDoAtHome { get; set; }

    /// <summary>容缺受理: how many materials marked minor may be missing at acceptance (0: not allowed).</summary>
    public int ToleranceMaxMissing { get; set; }

    /// <summary>Working days the resident has to hand in tolerated materials.</summary>
    public int ToleranceDays { get; set; }

    /// <summary>Name, group, summary and pinyin initials, for the guide's Chinese search.</summary>
    public string SearchText { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset? PublishedAt { get; set; }

    public List<ServiceMaterial> Materials { get; set; } = [];

    public IEnumerable<string> StepList => Steps.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>One material the checklist asks for.</summary>
public class ServiceMaterial
{
    public int Id { get; set; }
    public int VersionId { get; set; }
    public int Order { get; set; }
    public string Name { get; set; } = "";
    public MaterialForm Form { get; set; }
    public int Count { get; set; } = 1;
    public string Notes { get; set; } = "";

    /// <summary>May be handed in later under the item's 容缺 rule.</summary>
    public bool IsMinor { get; set; }

    public string Describe() => $"{Name}（{CatalogTexts.Form(Form)}{(Count > 1 ? $"{Count}份" : "1份")}）";
}
