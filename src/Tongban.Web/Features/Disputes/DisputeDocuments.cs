using System.Text;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes;

/// <summary>
/// The case's legal documents as print-ready HTML (A4): registration form (受理登记表), session records (调解笔录), the
/// written agreement (人民调解协议书, one copy per party plus the archive copy), the oral-agreement record, the failure
/// notice, follow-up records, and the whole file (一案一卷) with a cover and table of contents. The same HTML feeds the
/// browser's print and headless Chromium's PDF; the stylesheet is linked for the browser and inlined for the PDF.
/// </summary>
public static class DisputeDocuments
{
    public const string StylesheetPath = "/css/disputes.css";

    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>
    {
        ["registration"] = "受理登记表",
        ["sessions"] = "调解笔录",
        ["agreement"] = "人民调解协议书",
        ["outcome"] = "调解结果记录",
        ["visits"] = "回访记录",
        ["archive"] = "案件卷宗（一案一卷）",
    };

    /// <summary>One document as a full HTML page; <paramref name="css"/> inlines the stylesheet (for the PDF), null links it.</summary>
    public static string Page(DisputeDetails d, string kind, string? css, IReadOnlyDictionary<long, string>? images = null)
    {
        var body = new StringBuilder();
        switch (kind)
        {
            case "registration": Registration(body, d); break;
            case "sessions": Sessions(body, d); break;
            case "agreement": Agreement(body, d, archiveOnly: false); break;
            case "outcome": Outcome(body, d); break;
            case "visits": Visits(body, d); break;
            case "archive": Archive(body, d, images ?? new Dictionary<long, string>()); break;
            default: throw new NotFoundException($"没有名为“{kind}”的文书。");
        }
        // A single document's own title is its page's first-level heading, and its parts' one level below; in the
        // archive the cover holds the h1 and each document's title is a second-level heading.
        var single = kind != "archive";
        if (single) body.Replace("<h2>", "<h1>").Replace("</h2>", "</h1>").Replace("<h3>", "<h2>").Replace("</h3>", "</h2>");
        var title = $"{Kinds[kind]} {d.Number}";
        var head = css is null ? $"<link rel=\"stylesheet\" href=\"{StylesheetPath}\" />" : $"<style>{css}</style>";
        return $"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\" /><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\" /><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />" +
               $"<title>{H(title)}</title>{head}</head><body class=\"dispute-print{(single ? " single-doc" : "")}\">" +
               (css is null ? $"<nav class=\"print-bar no-print\"><a href=\"/Disputes/{d.Id}\">返回案件</a> <a href=\"#\" class=\"js-print\">打印</a></nav><script src=\"/js/disputes.js\"></script>" : "") +
               "<main>" + body + "</main></body></html>";
    }

    private static void Registration(StringBuilder b, DisputeDetails d)
    {
        b.Append("<section class=\"doc\" id=\"registration\">");
        Heading(b, d, "人民调解受理登记表");
        b.Append("<table class=\"form\">");
        Row(b, "案件编号", d.Number, "受理日期", $"{d.RegisteredOn:yyyy年M月d日}");
        Row(b, "案由", d.Title, "纠纷类型", d.TypeName);
        Row(b, "案件来源", d.SourceName + (d.SourceNote is null ? "" : $"（{d.SourceNote}）") + (d.AppealNumber is null ? "" : $"，诉求编号 {d.AppealNumber}"), "发生地点", $"{d.AreaName} {d.Address}");
        b.Append("</table>");
        PartiesTable(b, d);
        b.Append($"<h3>纠纷基本情况</h3><div class=\"text\">{Para(d.Facts)}</div>");
        b.Append($"<h3>处理意见</h3><div class=\"text\">{(d.Risk is null ? "待研判" : H($"{d.RiskName}；{(d.Suitable == false ? "不宜调解" : "适宜调解")}；由{d.TierName}承办；主办调解员：{d.LeadMediatorName ?? "待指派"}"))}</div>");
        b.Append("<div class=\"signatures\"><div class=\"sign\"><span>申请人（签名或按指印）：</span><span class=\"line\"></span></div>");
        b.Append("<div class=\"sign\"><span>登记人：</span><span class=\"line\"></span></div><div class=\"sign\"><span>日期：</span><span class=\"line\"></span></div></div>");
        b.Append("</section>");
    }

    private static void Sessions(StringBuilder b, DisputeDetails d)
    {
        if (d.Sessions.Count == 0)
        {
            b.Append($"<section class=\"doc\" id=\"sessions\">");
            Heading(b, d, "调解笔录");
            b.Append("<p>尚无调解记录。</p></section>");
            return;
        }
        var n = 0;
        foreach (var s in d.Sessions)
        {
            n++;
            b.Append($"<section class=\"doc\" id=\"session-{s.Id}\">");
            Heading(b, d, d.Sessions.Count == 1 ? "调解笔录" : $"调解笔录（第{n}次）");
            b.Append("<table class=\"form\">");
            Row(b, "时间", s.StartsAt.Show() + (s.EndsAt is { } e ? $" 至 {e.Show()}" : ""), "地点", s.Place);
            Row(b, "调解方式", s.Mode, "承办层级", s.Tier);
            Row(b, "到场人员", s.Attendees, "记录人", s.RecordedBy);
            b.Append("</table>");
            b.Append($"<h3>调解经过</h3><div class=\"text\">{Para(s.Record)}</div>");
            b.Append("<div class=\"signatures\"><div class=\"sign\"><span>到场人员签名：</span><span class=\"line long\"></span></div>");
            b.Append("<div class=\"sign\"><span>调解员签名：</span><span class=\"line\"></span></div><div class=\"sign\"><span>记录人签名：</span><span class=\"line\"></span></div></div>");
            b.Append("</section>");
        }
    }

    /// <summary>The written agreement (Art. 29): one copy per party and one for the archive, each on its own A4 sheet.</summary>
    private static void Agreement(StringBuilder b, DisputeDetails d, bool archiveOnly)
    {
        var a = d.Agreement;
        if (a is null)
        {
            b.Append("<section class=\"doc\" id=\"agreement\">");
            Heading(b, d, "人民调解协议书");
            b.Append("<p>本案尚未起草书面调解协议。</p></section>");
            return;
        }
        var copies = archiveOnly ? [("存档联", "人民调解委员会存档")] : d.Parties.Select((p, i) => ($"第{i + 1}联", $"当事人 {p.Name} 执")).Append(("存档联", "人民调解委员会存档")).ToList();
        var draft = a.FinalisedAt is null;
        foreach (var (copy, holder) in copies)
        {
            b.Append($"<section class=\"doc agreement\" id=\"{(copy == "存档联" ? "agreement" : "agreement-" + Uri.EscapeDataString(copy))}\">");
            b.Append($"<p class=\"copy-band\">{H(copy)} · {H(holder)}{(draft ? " · 草稿（未生效）" : "")}</p>");
            Heading(b, d, "人民调解协议书");
            b.Append("<h3>当事人</h3><ol class=\"parties\">");
            foreach (var p in d.Parties) b.Append($"<li>{PartyLine(p)}</li>");
            b.Append("</ol>");
            b.Append($"<h3>纠纷的主要事实</h3><div class=\"text\">{Para(a.Facts)}</div>");
            b.Append($"<h3>争议事项</h3><div class=\"text\">{Para(a.Matters)}</div>");
            b.Append($"<h3>各方当事人的责任</h3><div class=\"text\">{Para(a.Responsibilities)}</div>");
            b.Append("<p>经人民调解委员会调解，当事人自愿达成如下协议：</p>");
            b.Append($"<h3>协议内容</h3><div class=\"text\">{Para(a.Terms)}</div>");
            b.Append($"<h3>履行方式</h3><div class=\"text\">{Para(a.PerformanceManner)}</div>");
            b.Append($"<h3>履行期限</h3><div class=\"text\">{Para(a.PerformanceDeadline)}</div>");
            b.Append($"<p class=\"clause\">本协议一式{d.Parties.Count + 1}份，当事人各执一份，人民调解委员会留存一份。本协议自各方当事人签名、盖章或者按指印，" +
                     "人民调解员签名并加盖人民调解委员会印章之日起生效。经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。" +
                     "双方当事人可以自调解协议生效之日起三十日内共同向人民法院申请司法确认。</p>");
            b.Append("<div class=\"sign-grid\">");
            foreach (var p in d.Parties)
                b.Append($"<div class=\"sign-cell\"><p>{H(p.Role)}：{H(p.Name)}</p><p>签名（盖章）：<span class=\"line\"></span></p><div class=\"fingerprint\">按指印处</div><p>日期：<span class=\"line short\"></span></p></div>");
            b.Append($"<div class=\"sign-cell\"><p>人民调解员：{H(d.LeadMediatorName ?? "")}</p><p>签名：<span class=\"line\"></span></p><div class=\"seal\">{H(d.CommitteeName)}<br />（印章）</div>" +
                     $"<p>日期：{(d.AgreementEffectiveOn is { } on ? $"{on:yyyy年M月d日}" : "<span class=\"line short\"></span>")}</p></div>");
            b.Append("</div></section>");
        }
    }

    private static void Outcome(StringBuilder b, DisputeDetails d)
    {
        b.Append("<section class=\"doc\" id=\"outcome\">");
        if (d.OralAgreement is not null)
        {
            Heading(b, d, "口头调解协议记录");
            PartiesTable(b, d);
            b.Append($"<h3>口头协议内容（人民调解法第二十八条）</h3><div class=\"text\">{Para(d.OralAgreement)}</div>");
            b.Append($"<p>记录时间：{d.OutcomeAt.Show()}，调解员：{H(d.LeadMediatorName ?? "")}</p>");
            b.Append("<div class=\"signatures\"><div class=\"sign\"><span>调解员签名：</span><span class=\"line\"></span></div></div>");
        }
        else if (d.FailureReason is not null)
        {
            Heading(b, d, "调解终止告知书");
            PartiesTable(b, d);
            b.Append($"<h3>调解不成的原因</h3><div class=\"text\">{Para(d.FailureReason)}</div>");
            b.Append($"<h3>告知事项</h3><div class=\"text\">经调解未能达成协议，调解终止。当事人可以依法{H(d.ReferralName ?? "")}{(d.ReferralNote is null ? "" : "：" + H(d.ReferralNote))}。</div>");
            b.Append($"<p>日期：{d.OutcomeAt.Show()}</p><div class=\"signatures\"><div class=\"sign\"><span>调解员签名：</span><span class=\"line\"></span></div></div>");
        }
        else if (d.Agreement?.FinalisedAt is not null)
        {
            Heading(b, d, "调解结果记录");
            b.Append($"<p>本案于{d.AgreementEffectiveOn:yyyy年M月d日}达成书面调解协议并生效，协议书见卷内。司法确认申请期限至{d.JudicialDeadlineOn:yyyy年M月d日}，当前：{H(d.JudicialName)}" +
                     (d.JudicialCourt is null ? "" : $"（{H(d.JudicialCourt)}{(d.JudicialAppliedOn is { } ap ? $"，{ap:yyyy年M月d日}申请" : "")}{(d.JudicialResultOn is { } ro ? $"，{ro:yyyy年M月d日}裁定" : "")}）") + "。</p>");
        }
        else if (d.State == DisputeState.Declined)
        {
            Heading(b, d, "不予调解告知记录");
            b.Append($"<div class=\"text\">经研判，本纠纷不宜通过人民调解解决。理由：{H(d.ReferralNote ?? "")}。已告知当事人{H(d.ReferralName ?? "")}。</div>");
        }
        else
        {
            Heading(b, d, "调解结果记录");
            b.Append("<p>本案尚在办理中。</p>");
        }
        b.Append("</section>");
    }

    private static void Visits(StringBuilder b, DisputeDetails d)
    {
        b.Append("<section class=\"doc\" id=\"visits\">");
        Heading(b, d, "回访记录");
        var done = d.Visits.Where(v => v.VisitedOn is not null).ToList();
        if (done.Count == 0) b.Append("<p>尚无回访记录。</p>");
        else
        {
            b.Append("<table class=\"grid\"><thead><tr><th>回访日期</th><th>回访对象</th><th>履行情况</th><th>回访情况</th><th>回访人</th></tr></thead><tbody>");
            foreach (var v in done)
                b.Append($"<tr><td>{v.VisitedOn:yyyy-MM-dd}</td><td>{H(v.VisitedWith ?? "")}</td><td>{H(v.Performance ?? "—")}</td><td>{H(v.Note ?? "")}</td><td>{H(v.By ?? "")}</td></tr>");
            b.Append("</tbody></table>");
        }
        if (d.PerformanceName is not null) b.Append($"<p>协议履行情况：{H(d.PerformanceName)}</p>");
        b.Append("</section>");
    }

    /// <summary>一案一卷 (Art. 27): cover, table of contents, then every document and the full timeline.</summary>
    private static void Archive(StringBuilder b, DisputeDetails d, IReadOnlyDictionary<long, string> images)
    {
        var parts = new List<(string Id, string Title)> { ("registration", "人民调解受理登记表"), ("assessment", "研判及指派记录") };
        parts.AddRange(d.Sessions.Count == 0 ? [("sessions", "调解笔录")] : d.Sessions.Select((s, i) => ($"session-{s.Id}", d.Sessions.Count == 1 ? "调解笔录" : $"调解笔录（第{i + 1}次）")));
        if (d.Agreement is not null) parts.Add(("agreement", "人民调解协议书（存档联）"));
        parts.Add(("outcome", "调解结果记录"));
        parts.Add(("visits", "回访记录"));
        parts.Add(("timeline", "案件办理过程（时间线）"));
        parts.Add(("files", "附件材料"));

        b.Append("<section class=\"doc cover\"><p class=\"org\">人民调解案件卷宗</p>");
        b.Append($"<h1>{H(d.Title)}</h1><table class=\"form\">");
        Row(b, "案件编号", d.Number, "纠纷类型", d.TypeName);
        Row(b, "当事人", string.Join("、", d.Parties.Select(p => p.Name)), "承办单位", d.CommitteeName);
        Row(b, "受理日期", $"{d.RegisteredOn:yyyy年M月d日}", "结案日期", d.ClosedAt is { } c ? c.ToShanghai().ToString("yyyy年M月d日") : "未结案");
        Row(b, "主办调解员", d.LeadMediatorName ?? "", "调解结果", d.OralAgreement is not null ? "达成口头协议" : d.AgreementEffectiveOn is not null ? "达成书面协议" : d.FailureReason is not null ? "调解不成" : d.StateName);
        b.Append("</table>");
        if (d.IsSample) b.Append("<p class=\"sample\">示例数据</p>");
        b.Append("</section>");

        b.Append("<section class=\"doc toc\"><h2>卷内目录</h2><table class=\"grid\"><thead><tr><th>序号</th><th>文件名称</th></tr></thead><tbody>");
        for (var i = 0; i < parts.Count; i++) b.Append($"<tr><td>{i + 1}</td><td><a href=\"#{parts[i].Id}\">{H(parts[i].Title)}</a></td></tr>");
        b.Append("</tbody></table></section>");

        Registration(b, d);
        b.Append("<section class=\"doc\" id=\"assessment\">");
        Heading(b, d, "研判及指派记录");
        b.Append("<table class=\"form\">");
        Row(b, "风险等级", d.RiskName ?? "未研判", "风险情形", d.RiskNote ?? "—");
        Row(b, "是否适宜调解", d.Suitable switch { true => "适宜", false => "不宜", null => "未研判" }, "承办层级", d.TierName);
        b.Append("</table><h3>调解员</h3><ul>");
        foreach (var m in d.Mediators) b.Append($"<li>{H(m.Name)}（{(m.IsLead ? "主办" : "协办")}，{H(m.Tier)}，{m.AssignedAt.Show()}指派{(m.EndedAt is { } e ? $"，{e.Show()}退出" : "")}）</li>");
        b.Append("</ul>");
        if (d.Conflicts.Count > 0)
        {
            b.Append("<h3>利害关系及回避</h3><ul>");
            foreach (var x in d.Conflicts) b.Append($"<li>{H(x.Name)}：{H(x.Relation)}（{x.At.Show()}）</li>");
            b.Append("</ul>");
        }
        if (d.Alerts.Count > 0)
        {
            b.Append("<h3>风险预警</h3><ul>");
            foreach (var x in d.Alerts) b.Append($"<li>{x.At.Show()} {H(x.Note)}</li>");
            b.Append("</ul>");
        }
        if (d.Extensions.Count > 0)
        {
            b.Append("<h3>期限延长</h3><ul>");
            foreach (var x in d.Extensions) b.Append($"<li>{x.At.Show()} 延长{x.Days}天（{x.PreviousDueOn:yyyy-MM-dd} → {x.NewDueOn:yyyy-MM-dd}）：{H(x.Reason)}，{H(x.By)}</li>");
            b.Append("</ul>");
        }
        if (d.Summonses.Count > 0)
        {
            b.Append("<h3>吹哨召集</h3><ul>");
            foreach (var x in d.Summonses) b.Append($"<li>{H(x.Department)}：{x.SessionAt.Show()} {H(x.Place)}，{(x.AcknowledgedAt is { } at ? $"{at.Show()}已报到" : "未报到")}</li>");
            b.Append("</ul>");
        }
        b.Append("</section>");
        Sessions(b, d);
        if (d.Agreement is not null) Agreement(b, d, archiveOnly: true);
        Outcome(b, d);
        Visits(b, d);

        b.Append("<section class=\"doc\" id=\"timeline\">");
        Heading(b, d, "案件办理过程");
        b.Append("<table class=\"grid\"><thead><tr><th>时间</th><th>阶段</th><th>层级</th><th>经办</th><th>内容</th></tr></thead><tbody>");
        foreach (var t in d.Timeline)
            b.Append($"<tr><td>{t.At.Show()}</td><td>{H(t.Stage)}</td><td>{H(t.Tier)}</td><td>{H(t.ActorName)}<br /><small>{H(t.ActorUnit)}</small></td><td>{H(t.Note)}</td></tr>");
        b.Append("</tbody></table></section>");

        b.Append("<section class=\"doc\" id=\"files\">");
        Heading(b, d, "附件材料");
        if (d.Attachments.Count == 0) b.Append("<p>无附件。</p>");
        foreach (var f in d.Attachments)
        {
            b.Append($"<p>{H(f.FileName)}（{(f.Purpose == "signed-agreement" ? "签字盖章的调解协议书扫描件" : H(f.Purpose))}，{f.Size / 1024.0:0.#} KB，{f.At.Show()}上传）</p>");
            if (images.TryGetValue(f.Id, out var dataUri)) b.Append($"<img class=\"scan\" src=\"{dataUri}\" alt=\"{H(f.FileName)}\" />");
        }
        b.Append("</section>");
    }

    private static void Heading(StringBuilder b, DisputeDetails d, string title)
    {
        b.Append($"<header class=\"doc-head\"><p class=\"org\">{H(d.CommitteeName)}</p><h2>{H(title)}</h2><p class=\"no\">编号：{H(d.Number)}</p>");
        if (d.IsSample) b.Append("<p class=\"sample\">示例数据</p>");
        b.Append("</header>");
    }

    private static void PartiesTable(StringBuilder b, DisputeDetails d)
    {
        b.Append("<h3>当事人</h3><table class=\"grid\"><thead><tr><th>身份</th><th>姓名/名称</th><th>基本情况</th><th>联系方式</th><th>住址</th></tr></thead><tbody>");
        foreach (var p in d.Parties)
            b.Append($"<tr><td>{H(p.Role)}</td><td>{H(p.Name)}</td><td>{H(Basics(p))}</td><td>{H(p.PhoneMasked ?? "")}</td><td>{H(p.Address ?? "")}</td></tr>");
        b.Append("</tbody></table>");
    }

    private static string PartyLine(PartyView p) => $"{H(p.Role)}：" + H(string.Join("，", new[]
    {
        p.Name, Basics(p), p.Address is null ? null : $"住址：{p.Address}", p.PhoneMasked is null ? null : $"联系电话：{p.PhoneMasked}",
    }.Where(x => !string.IsNullOrEmpty(x))));

    private static string Basics(PartyView p) => p.Kind == "自然人"
        ? string.Join("，", new[] { p.Gender, p.BirthYear is { } y ? $"{y}年生" : null, p.IdNumberMasked is null ? null : $"身份证号 {p.IdNumberMasked}" }.Where(x => x is not null))
        : string.Join("，", new[] { "法人或其他组织", p.CreditCode is null ? null : $"统一社会信用代码 {p.CreditCode}", p.Representative is null ? null : $"负责人 {p.Representative}" }.Where(x => x is not null));

    private static void Row(StringBuilder b, string k1, string v1, string k2, string v2) =>
        b.Append($"<tr><th>{H(k1)}</th><td>{H(v1)}</td><th>{H(k2)}</th><td>{H(v2)}</td></tr>");

    private static string Para(string text) => string.Join("", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select(l => $"<p>{H(l)}</p>"));

    private static string H(string? s) => System.Net.WebUtility.HtmlEncode(s ?? "");
}
