using System.Globalization;
using Tongban.Web.Features.Appeals;

namespace Tongban.Web.Features.Open311;

/// <summary>One option of a singlevaluelist or multivaluelist: an ASCII key and the name a person reads.</summary>
public sealed record Open311Value(string Key, string Name);

/// <summary>
/// An extra form field of a service (GeoReport v2 "attribute"). Codes and keys are ASCII so that every client can
/// send them as attribute[CODE]=KEY; names and descriptions are Chinese.
/// </summary>
public sealed record Open311Attribute(
    string Code, string Datatype, bool Required, string Description, string DatatypeDescription = "",
    IReadOnlyList<Open311Value>? Values = null, bool Variable = true)
{
    public IReadOnlyList<Open311Value> Options => Values ?? [];
}

/// <summary>A value the client sent for an attribute, checked against its definition.</summary>
public sealed record Open311Answer(Open311Attribute Attribute, IReadOnlyList<string> Keys, string Text);

/// <summary>The attributes each service asks for, by category code. Categories not listed get the common ones only.</summary>
public static class Open311Attributes
{
    public const string String = "string";
    public const string Number = "number";
    public const string Datetime = "datetime";
    public const string Text = "text";
    public const string SingleValueList = "singlevaluelist";
    public const string MultiValueList = "multivaluelist";

    /// <summary>诉求类型: every service may say which kind the matter is; without it the category decides.</summary>
    public static readonly Open311Attribute Kind = new("kind", SingleValueList, false, "诉求类型（不填时：政策咨询按“咨询”，其余按“投诉”办理）",
        "从列表中选择一项", [
            new("inquiry", "咨询"), new("help", "求助"), new("complaint", "投诉"), new("report", "举报"), new("suggestion", "建议"),
        ]);

    private static readonly Open311Attribute EmergencyNotice = new("emergency_notice", String, false,
        "如遇燃气泄漏、火情等正在发生的险情，请立即拨打119或110，本渠道不能替代紧急报警。", Variable: false);

    private static readonly Open311Attribute Since = new("since", Datetime, false, "问题开始出现的时间",
        "W3C 日期时间，例如 2026-11-23T08:00:00+08:00");

    private static readonly Open311Attribute Scope = new("scope", SingleValueList, false, "影响范围", "从列表中选择一项", [
        new("home", "本户"), new("unit", "本单元"), new("building", "整栋楼"), new("compound", "整个小区"),
    ]);

    private static readonly Dictionary<string, Open311Attribute[]> ByCategory = new(StringComparer.Ordinal)
    {
        ["ev"] =
        [
            new("location_type", SingleValueList, true, "地点类型：在哪里发现的电动车充电问题", "从列表中选择一项", [
                new("corridor", "楼道/楼梯间"), new("indoor", "室内/入户"), new("yard", "小区空地/车棚"),
                new("basement", "地下室/地下车库"), new("shopfront", "商铺门前"), new("other", "其他"),
            ]),
            new("findings", MultiValueList, false, "发现的情况（可多选）", "从列表中选择一项或多项", [
                new("flying_wire", "飞线充电"), new("corridor_parking", "楼道停放"), new("indoor_charging", "电动车入户"),
                new("no_charger", "充电设施不足"), new("modified_battery", "改装电池"),
            ]),
        ],
        ["noise"] =
        [
            new("noise_source", SingleValueList, true, "噪音来源", "从列表中选择一项", [
                new("renovation", "装修施工"), new("business", "商铺经营"), new("neighbour", "邻居生活"),
                new("equipment", "设备运转"), new("traffic", "交通"), new("other", "其他"),
            ]),
            new("noise_period", MultiValueList, false, "发生时段（可多选）", "从列表中选择一项或多项", [
                new("morning", "清晨（6—8时）"), new("daytime", "白天（8—18时）"), new("evening", "晚间（18—22时）"),
                new("night", "夜间（22时—次日6时）"),
            ]),
        ],
        ["leak"] =
        [
            new("leak_spot", MultiValueList, false, "漏水部位（可多选）", "从列表中选择一项或多项", [
                new("ceiling", "天花板"), new("wall", "墙面"), new("pipe", "管道"), new("window", "窗边"), new("roof", "屋面"),
            ]),
            new("floor", Number, false, "漏水房屋所在楼层", "整数，例如 6；地下一层填 -1"),
        ],
        ["utilities"] = [Since, Scope],
        ["utilities.water"] = [Since, Scope],
        ["utilities.power"] = [Since, Scope],
        ["utilities.heating"] = [Since, Scope],
        ["utilities.gas"] = [EmergencyNotice, Since, Scope],
        ["road"] =
        [
            new("facility", SingleValueList, true, "设施类型", "从列表中选择一项", [
                new("pavement", "路面"), new("manhole", "井盖"), new("streetlight", "路灯"), new("sign", "标志标线"), new("other", "其他"),
            ]),
            new("landmark", String, false, "附近的标志物，便于现场查找", "一行文字，例如 小区东门公交站旁"),
        ],
        ["hazard"] =
        [
            EmergencyNotice,
            new("hazard_type", SingleValueList, true, "隐患类型", "从列表中选择一项", [
                new("fire", "消防通道/消防器材"), new("structure", "危房/外墙脱落"), new("falling", "高空坠物"),
                new("electric", "电气线路"), new("gas", "燃气"), new("other", "其他"),
            ]),
        ],
    };

    /// <summary>The attributes of a service, in the order they are shown.</summary>
    public static IReadOnlyList<Open311Attribute> For(string categoryCode) =>
        [.. ByCategory.GetValueOrDefault(categoryCode) ?? [], Kind];

    /// <summary>
    /// Reads attribute[CODE]=v and attribute[CODE][]=v (each may repeat: FixMyStreet repeats attribute[CODE] for a
    /// multivaluelist) and checks them against the definitions. Codes the service does not define are ignored.
    /// </summary>
    public static IReadOnlyList<Open311Answer> Read(string categoryCode, IReadOnlyDictionary<string, List<string>> sent, List<string> errors)
    {
        var answers = new List<Open311Answer>();
        foreach (var attribute in For(categoryCode))
        {
            var raw = sent.GetValueOrDefault(attribute.Code) ?? [];
            // Keys are plain ASCII words, so "a,b" in one multivaluelist value can only mean the two keys a and b.
            var values = (attribute.Datatype == MultiValueList ? raw.SelectMany(v => v.Split(',')) : raw)
                .Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
            if (!attribute.Variable) continue;
            if (values.Count == 0)
            {
                if (attribute.Required) errors.Add($"attribute[{attribute.Code}]：请填写“{attribute.Description}”");
                continue;
            }
            if (attribute.Datatype != MultiValueList && values.Count > 1)
            {
                errors.Add($"attribute[{attribute.Code}]：只能填写一个值（收到{values.Count}个）");
                continue;
            }
            switch (attribute.Datatype)
            {
                case SingleValueList or MultiValueList:
                    var unknown = values.Where(v => attribute.Options.All(o => o.Key != v)).ToList();
                    if (unknown.Count > 0)
                    {
                        errors.Add($"attribute[{attribute.Code}]：取值“{string.Join("、", unknown)}”不在可选项中，可选：{string.Join("、", attribute.Options.Select(o => $"{o.Key}（{o.Name}）"))}");
                        continue;
                    }
                    var keys = values.Distinct(StringComparer.Ordinal).ToList();
                    answers.Add(new Open311Answer(attribute, keys,
                        string.Join("、", keys.Select(k => attribute.Options.First(o => o.Key == k).Name))));
                    break;
                case Number:
                    if (!decimal.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                    {
                        errors.Add($"attribute[{attribute.Code}]：应为数字，收到“{values[0]}”");
                        continue;
                    }
                    answers.Add(new Open311Answer(attribute, values, values[0]));
                    break;
                case Datetime:
                    if (!Open311Time.TryParse(values[0], out var period))
                    {
                        errors.Add($"attribute[{attribute.Code}]：应为 W3C 日期时间（例如 2026-11-23T08:00:00+08:00），收到“{values[0]}”");
                        continue;
                    }
                    answers.Add(new Open311Answer(attribute, values, Open311Time.Format(period.Start)));
                    break;
                default:
                    if (values[0].Length > 500)
                    {
                        errors.Add($"attribute[{attribute.Code}]：不能超过500字");
                        continue;
                    }
                    answers.Add(new Open311Answer(attribute, values, values[0]));
                    break;
            }
        }
        return answers;
    }

    /// <summary>The kind the client chose, or the category's natural one.</summary>
    public static AppealKind KindOf(IReadOnlyList<Open311Answer> answers, AppealCategory category)
    {
        var key = answers.FirstOrDefault(a => a.Attribute.Code == Kind.Code)?.Keys[0];
        return key switch
        {
            "inquiry" => AppealKind.Inquiry,
            "help" => AppealKind.Help,
            "complaint" => AppealKind.Complaint,
            "report" => AppealKind.Report,
            "suggestion" => AppealKind.Suggestion,
            _ => category.Code == "policy" || category.Group == "咨询" ? AppealKind.Inquiry : AppealKind.Complaint,
        };
    }
}
