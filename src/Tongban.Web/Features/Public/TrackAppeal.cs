using Microsoft.EntityFrameworkCore;
using Tongban.Web.Data;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Public;

/// <summary>One step as a resident sees it: when, which unit, what happened. Never the staff member's name.</summary>
public sealed record PublicStep(DateTimeOffset At, string Unit, string Text, string State)
{
    public string AtText => At.Show();
}

public sealed record PublicPhoto(long Id, string FileName, string ContentType, long Size);

/// <summary>The tracking page's content. Supporters ("me too") see the progress but not the reporter's own text and photos.</summary>
public sealed record PublicAppealView(
    long Id, string Number, string TrackingCode, bool IsReporter, string Category, string Kind, AppealState State, string StateName,
    string Title, string? Description, string Address, DateTimeOffset SubmittedAt, DateTimeOffset FeedbackDueAt, string? Result,
    int SupporterCount, bool? IsResolved, bool? IsSatisfied, bool CanRate, IReadOnlyList<PublicStep> Steps, IReadOnlyList<PublicPhoto> Photos,
    PublicAppealView? MergedInto)
{
    public string SubmittedAtText => SubmittedAt.Show();

    /// <summary>
    /// The code as the resident typed it, when the appeal was found by reading its 5, 8 or 2 as the S, B or Z of an older
    /// code (<see cref="TrackAppeal.OldCodeReadings"/>); null when the code was found as typed. <see cref="TrackingCode"/>
    /// is then the real one, to be used from now on.
    /// </summary>
    public string? TypedAs { get; init; }

    /// <summary>
    /// 承诺答复时限: what the resident was promised at submission (or at a reopening). <see cref="FeedbackDueAt"/> is the
    /// limit of the unit now handling it, which moves on at each escalation; the promise does not.
    /// </summary>
    public DateTimeOffset PromisedFeedbackAt { get; init; }

    /// <summary>Still open and past the promise.</summary>
    public bool PastPromise { get; init; }

    public string PromisedFeedbackAtText => PromisedFeedbackAt.ShowDeadline();

    /// <summary>The reporter may ask for the appeal to be handled again (rated unsolved or unsatisfied, within the window).</summary>
    public bool CanReopen { get; init; }

    /// <summary>Until when reopening is offered: the rating plus the window.</summary>
    public DateTimeOffset? ReopenUntil { get; init; }

    public string? ReopenUntilText => ReopenUntil?.Show();

    /// <summary>What became of the promise: passed and moved up to the street or district (named as units), or handed up in time.</summary>
    public string? DeadlineNote { get; init; }

    /// <summary>The rating as the resident gave it; a part they left out says so.</summary>
    public string RatingText => $"{IsResolved switch { true => "问题已解决", false => "问题未解决", null => "是否解决未评价" }}，"
        + (IsSatisfied switch { true => "满意", false => "不满意", null => "满意度未评价" });
}

/// <summary>One of the codes this phone holds, as "本机反映过的问题" lists it: what it was about and where it stands.</summary>
public sealed record PublicCodeSummary(string Code, string Title, string StateName, DateTimeOffset SubmittedAt)
{
    public string SubmittedAtText => SubmittedAt.Show();
}

/// <summary>/track: finds an appeal by the reporter's tracking code or a supporter's code and shows its public timeline.</summary>
public sealed class TrackAppeal(AppDbContext db, TimeProvider clock, Microsoft.Extensions.Options.IOptions<AppealOptions> options)
{
    /// <summary>
    /// Upper case without spaces or dashes, as people type a code read off a screenshot; full-width letters and digits
    /// (a Chinese keyboard in full-width mode: ＡＢ２３) read as their ASCII forms.
    /// </summary>
    public static string Normalize(string? code) =>
        new string((code ?? "").Normalize(System.Text.NormalizationForm.FormKC).Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();

    /// <summary>What residents type for the letters that codes issued before <see cref="SubmitAppeal.CodeAlphabet"/> dropped them held.</summary>
    private static readonly Dictionary<char, char> Misread = new() { ['5'] = 'S', ['8'] = 'B', ['2'] = 'Z' };

    /// <summary>The alphabet codes were drawn from before S, B and Z were dropped.</summary>
    private const string OldAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /// <summary>
    /// At most this many of a typed code's 5, 8 and 2 are read both ways (15 readings): 99% of old codes have no more
    /// S, B, Z, 5, 8 and 2 together, and each reading is a look-up charged to the address.
    /// </summary>
    public const int MaxMisreadCharacters = 4;

    /// <summary>
    /// The old codes a typed code may stand for: each of its 5, 8 and 2 read as itself or as S, B and Z, the typed code
    /// itself left out. Only those characters, so no reading is a looser match than a misread letter; none when the code
    /// holds a character old codes never had or more than <see cref="MaxMisreadCharacters"/> of them.
    /// </summary>
    public static IReadOnlyList<string> OldCodeReadings(string code)
    {
        if (code.Length != 8 || !code.All(c => OldAlphabet.Contains(c, StringComparison.Ordinal))) return [];
        var at = Enumerable.Range(0, code.Length).Where(i => Misread.ContainsKey(code[i])).ToList();
        if (at.Count is 0 or > MaxMisreadCharacters) return [];
        var readings = new List<string>((1 << at.Count) - 1);
        for (var mask = 1; mask < 1 << at.Count; mask++)
        {
            var chars = code.ToCharArray();
            for (var bit = 0; bit < at.Count; bit++)
                if ((mask & (1 << bit)) != 0) chars[at[bit]] = Misread[chars[at[bit]]];
            readings.Add(new string(chars));
        }
        return readings;
    }

    /// <summary>By the code exactly as given (after <see cref="Normalize"/>): the answer after a rating or a reopening.</summary>
    public Task<PublicAppealView> HandleAsync(string? trackingCode, CancellationToken ct = default) => HandleAsync(trackingCode, null, ct);

    /// <summary>
    /// A resident's look-up: the code as typed, and when nothing holds it, its readings as an old code (see
    /// <see cref="LocateAsync"/>). <see cref="PublicAppealView.TypedAs"/> says when a reading found it.
    /// </summary>
    public async Task<PublicAppealView> HandleAsync(string? trackingCode, HttpContext? lookup, CancellationToken ct = default)
    {
        var (found, typedAs) = await LocateAsync(trackingCode, lookup, ct);
        return await ViewAsync(found.Appeal, found.Code, found.IsReporter, followMerge: true, ct) with { TypedAs = typedAs };
    }

    /// <summary>The code a resident's action (rating, reopening) names, found as a look-up finds it.</summary>
    /// <param name="Code">The code the appeal or supporter really holds.</param>
    /// <param name="TypedAs">The code as the resident typed it, when a reading of it as an old code found it.</param>
    public sealed record ResidentCode(string Code, string? TypedAs);

    /// <summary>
    /// The reporter's appeal that <paramref name="trackingCode"/> names, found by the same readings, charges and
    /// ambiguity rule as the look-up (<see cref="LocateAsync"/>), so a code /track finds is one the resident can rate or
    /// reopen with; a supporter's code is refused with <paramref name="forSupporter"/>, since only the reporter does
    /// either. The look-up reads without tracking; the appeal is loaded again by id for the change. The tracking code is
    /// the reporter's key; residents have no area, so the filter is passed on purpose.
    /// </summary>
    public async Task<(Appeal Appeal, ResidentCode Code)> ReportersAppealAsync(string? trackingCode, HttpContext? lookup, string forSupporter, CancellationToken ct)
    {
        var (found, typedAs) = await LocateAsync(trackingCode, lookup, ct);
        if (!found.IsReporter) throw new DomainException(forSupporter);
        return (await db.Appeals.IgnoreQueryFilters().FirstAsync(a => a.Id == found.Appeal.Id, ct), new ResidentCode(found.Code, typedAs));
    }

    /// <summary>
    /// The code as typed, and when nothing holds it, its readings as an old code (<see cref="OldCodeReadings"/>), each
    /// charged to the look-ups of <paramref name="lookup"/>'s address (<see cref="PublicRateLimits.ChargeLookups"/>).
    /// Found only when exactly one appeal or supporter holds one of them: two would mean showing one resident another's
    /// appeal. Returns what holds it, and the typed code when a reading found it.
    /// </summary>
    private async Task<(Holder Found, string? TypedAs)> LocateAsync(string? trackingCode, HttpContext? lookup, CancellationToken ct)
    {
        var code = Normalize(trackingCode);
        if (code.Length != 8) throw new NotFoundException("查询码应为8位字母和数字，请核对后重新输入。");
        if (await FindAsync([code], ct) is [var found, ..]) return (found, null);
        var readings = lookup is null ? [] : OldCodeReadings(code);
        if (readings.Count > 0)
        {
            PublicRateLimits.ChargeLookups(lookup!, readings.Count);
            switch (await FindAsync(readings, ct))
            {
                case [var old]:
                    return (old, code);
                case [_, _, ..]:
                    throw new NotFoundException($"没有找到查询码为 {code} 的诉求。较早发放的查询码里可能有字母 S、B、Z，"
                        + "按这几种读法能对上不止一件诉求，无法确定是哪一件：请对照截图或短信核对，字母 S、B、Z 请按字母输入。");
            }
        }
        throw new NotFoundException($"没有找到查询码为 {code} 的诉求，请核对后重新输入（查询码不区分大小写"
            + (code.Any(Misread.ContainsKey) ? "；较早发放的查询码里可能有字母 S、B、Z" : "") + "）。");
    }

    private sealed record Holder(Appeal Appeal, string Code, bool IsReporter);

    /// <summary>
    /// The appeals whose reporter or a supporter holds one of the codes (at most two, enough to tell one from several):
    /// an IN over each table's unique code index. Residents have no area: the code itself is the key, so the look-up goes
    /// past the area filter on purpose.
    /// </summary>
    private async Task<List<Holder>> FindAsync(IReadOnlyList<string> codes, CancellationToken ct)
    {
        var own = await db.Appeals.IgnoreQueryFilters().AsNoTracking().Where(a => codes.Contains(a.TrackingCode)).Take(2).ToListAsync(ct);
        var found = own.Select(a => new Holder(a, a.TrackingCode, IsReporter: true)).ToList();
        if (found.Count > 1) return found;
        var joined = await db.AppealSupporters.IgnoreQueryFilters().AsNoTracking().Where(s => codes.Contains(s.TrackingCode))
            .Select(s => new { s.TrackingCode, s.AppealId }).Take(2 - found.Count).ToListAsync(ct);
        foreach (var s in joined)
            if (await db.Appeals.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(a => a.Id == s.AppealId, ct) is { } appeal)
                found.Add(new Holder(appeal, s.TrackingCode, IsReporter: false));
        return found;
    }

    /// <summary>
    /// The codes this phone holds (<see cref="MyAppeals"/>), each with its title as its holder sees it (a supporter sees
    /// the neighbours' title) and its state, in the order given; codes that lead nowhere are left out.
    /// </summary>
    public async Task<IReadOnlyList<PublicCodeSummary>> SummariesAsync(IReadOnlyList<string> codes, CancellationToken ct = default)
    {
        if (codes.Count == 0) return [];
        var own = await db.Appeals.IgnoreQueryFilters().AsNoTracking().Where(a => codes.Contains(a.TrackingCode))
            .Select(a => new { Code = a.TrackingCode, a.Title, a.Description, a.State, a.SubmittedAt, Reporter = true }).ToListAsync(ct);
        var joined = await db.AppealSupporters.IgnoreQueryFilters().AsNoTracking().Where(s => codes.Contains(s.TrackingCode))
            .Join(db.Appeals.IgnoreQueryFilters(), s => s.AppealId, a => a.Id, (s, a) => new { Code = s.TrackingCode, a.Title, a.Description, a.State, a.SubmittedAt, Reporter = false })
            .ToListAsync(ct);
        var found = own.Concat(joined).GroupBy(x => x.Code).ToDictionary(g => g.Key, g => g.First());
        return codes.Where(found.ContainsKey).Select(c => found[c]).Select(x => new PublicCodeSummary(
            x.Code, x.Reporter ? x.Title : FindSimilarAppeals.NeighbourTitle(x.Title, x.Description), AppealNames.Of(x.State), x.SubmittedAt)).ToList();
    }

    private async Task<PublicAppealView> ViewAsync(Appeal appeal, string code, bool isReporter, bool followMerge, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var category = await db.AppealCategories.AsNoTracking().Where(c => c.Id == appeal.CategoryId).Select(c => c.Name).FirstAsync(ct);
        var events = await db.AppealEvents.AsNoTracking().Where(e => e.AppealId == appeal.Id && e.IsPublic).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        var assignments = await db.AppealAssignments.AsNoTracking().Where(a => a.AppealId == appeal.Id).ToListAsync(ct);
        var photos = isReporter
            ? await db.AppealAttachments.IgnoreQueryFilters().AsNoTracking().Where(a => a.AppealId == appeal.Id && a.Purpose == "submission")
                .OrderBy(a => a.Id).Select(a => new PublicPhoto(a.Id, a.FileName, a.ContentType, a.Size)).ToListAsync(ct)
            : [];
        PublicAppealView? main = null;
        if (followMerge && appeal.MergedIntoId is { } mainId
            && await db.Appeals.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(a => a.Id == mainId, ct) is { } mainAppeal)
            main = await ViewAsync(mainAppeal, "", isReporter: false, followMerge: false, ct);

        return new PublicAppealView(
            appeal.Id, appeal.Number, code, isReporter, category, AppealNames.Of(appeal.Kind), appeal.State, AppealNames.Of(appeal.State),
            isReporter ? appeal.Title : FindSimilarAppeals.NeighbourTitle(appeal.Title, appeal.Description), isReporter ? appeal.Description : null, appeal.Address, appeal.SubmittedAt, appeal.FeedbackDueAt, appeal.Result,
            appeal.SupporterCount, appeal.IsResolved, appeal.IsSatisfied, isReporter && appeal.State == AppealState.Resolved,
            events.Select(e => new PublicStep(e.At, UnitOf(e), Describe(e, assignments), AppealNames.Of(e.ToState))).ToList(), photos, main)
        {
            CanReopen = isReporter && ReopenByResident.Offered(appeal, options.Value.ReopenWindowDays, now),
            ReopenUntil = appeal.FollowedUpAt?.AddDays(options.Value.ReopenWindowDays),
            PromisedFeedbackAt = appeal.PromisedFeedback,
            PastPromise = appeal.IsPastPromise(now),
            DeadlineNote = DeadlineNote(appeal, now),
        };
    }

    /// <summary>No staff names: the unit that has it now, and whether the promise passed (which is why it went up).</summary>
    private static string? DeadlineNote(Appeal appeal, DateTimeOffset now)
    {
        if (!appeal.IsOpen) return null;
        if (appeal.IsPastPromise(now)) return AppealDeadlines.MissedPromiseNote(appeal.Tier, appeal.FeedbackDueAt);
        return appeal.Tier == AppealTier.Community ? null : $"已转{AppealNames.CentreOf(appeal.Tier)}办理";
    }

    private static string UnitOf(AppealEvent e) => string.IsNullOrWhiteSpace(e.ActorUnit) ? "社区" : e.ActorUnit;

    /// <summary>
    /// The step's text for residents. Dispatch and acknowledgement notes name the assignee, who may be a person, so
    /// they are rebuilt from the assignment's kind; other public notes were written for the resident to read.
    /// </summary>
    public static string Describe(AppealEvent e, IReadOnlyList<AppealAssignment> assignments)
    {
        switch (e.Type)
        {
            case "dispatch":
            case "transfer":
                var sent = assignments.Where(a => a.DispatchedAt == e.At).OrderByDescending(a => a.IsLead).ThenBy(a => a.Id).ToList();
                var lead = sent.FirstOrDefault(a => a.IsLead);
                var to = lead is null ? "承办单位" : PublicName(lead);
                var others = sent.Where(a => !a.IsLead).Select(PublicName).Distinct().ToList();
                if (others.Count > 0) to = $"{to}（牵头）及{string.Join("、", others)}";
                if (e.Type == "dispatch") return $"已派至{to}办理";
                var at = e.Note.IndexOf("理由：", StringComparison.Ordinal);
                return at < 0 ? $"已改派至{to}办理" : $"已改派至{to}办理，{e.Note[at..]}";
            case "support-change":
                // The lead stays: the resident reads who joins or leaves, never a step back (the reason is staff-only).
                var joined = assignments.Where(a => !a.IsLead && a.DispatchedAt == e.At).Select(PublicName).Distinct().ToList();
                var left = assignments.Where(a => !a.IsLead && a.EndedAt == e.At).Select(PublicName).Distinct().ToList();
                var leading = assignments.FirstOrDefault(a => a.IsLead && a.DispatchedAt <= e.At && (a.EndedAt is null || a.EndedAt > e.At));
                var said = new List<string>();
                if (joined.Count > 0) said.Add($"增派{string.Join("、", joined)}协同办理");
                if (left.Count > 0) said.Add($"{string.Join("、", left)}不再参与");
                said.Add($"{(leading is null ? "承办单位" : PublicName(leading))}继续牵头办理");
                return string.Join("；", said);
            case "acknowledge":
                return "承办单位已签收";
            case "report-in":
                return "协办部门已报到";
            default:
                return e.Note;
        }
    }

    /// <summary>Units by name; a grid worker or community team by role, since their assignment may carry a person's name.</summary>
    private static string PublicName(AppealAssignment a) => a.AssigneeKind switch
    {
        AssigneeKind.GridWorker or AssigneeKind.CommunityTeam => AppealNames.Of(a.AssigneeKind),
        _ => string.IsNullOrWhiteSpace(a.AssigneeName) ? AppealNames.Of(a.AssigneeKind) : a.AssigneeName,
    };
}
