using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Appeals;

/// <summary>Who did a step, as the timeline shows it. Residents see the unit, staff also see the person.</summary>
public sealed record Actor(string? UserId, string Name, string Unit);

/// <summary>
/// 民情诉求: one matter a resident (or staff on their behalf) raised. Its state changes only through the methods
/// below, each of which refuses a transition the process does not allow and writes a timeline event.
/// </summary>
public class Appeal : IAreaScoped
{
    public long Id { get; set; }

    /// <summary>Public tracking code (查询码), unguessable, given to the reporter.</summary>
    public string TrackingCode { get; set; } = "";

    /// <summary>Human-readable number for staff: SQ + yyMMdd + sequence.</summary>
    public string Number { get; set; } = "";

    public AppealKind Kind { get; set; }
    public int CategoryId { get; set; }
    public AppealCategory? Category { get; set; }
    public AppealChannel Channel { get; set; }
    public AppealUrgency Urgency { get; set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";

    // Place: a building (or dwelling), or a point with an address.
    public int? BuildingId { get; set; }
    public int? DwellingId { get; set; }
    public string Address { get; set; } = "";
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string AreaPath { get; set; } = "";

    /// <summary>Community the appeal belongs to (for tiers and property company dispatch).</summary>
    public int? CommunityId { get; set; }

    // Reporter: a known resident, an anonymous person with the tracking code, or staff on someone's behalf.
    public int? ResidentId { get; set; }
    public bool IsAnonymous { get; set; }
    public string? ReporterName { get; set; }
    public string? ReporterPhoneCipher { get; set; }
    public string? ReporterPhoneHash { get; set; }
    public string? ReporterPhoneMasked { get; set; }

    /// <summary>The reporter's number is a landline or outside the mainland: staff call it; no text message goes to it.</summary>
    public bool ReporterPhoneCallOnly { get; set; }

    /// <summary>When the reporter's name and phone were erased: at their request, or their keeping period after closing having run out (PIPL).</summary>
    public DateTimeOffset? ContactErasedAt { get; set; }

    /// <summary>A reporter's name or phone is still kept (the retention job's query and its partial index say the same in SQL).</summary>
    public bool HasContact => ContactErasedAt is null && (ReporterName is not null || ReporterPhoneCipher is not null);
    public string? SubmittedByUserId { get; set; }

    public AppealState State { get; set; }
    public AppealTier Tier { get; set; } = AppealTier.Community;

    /// <summary>The current lead assignment's display name (网格员张三 / 某物业 / 区住建局).</summary>
    public string? CurrentAssignee { get; set; }
    public string? CurrentAssigneeUserId { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? FirstDispatchedAt { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset? FollowedUpAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Deadline to dispatch (派单时限), from the time-limit rule.</summary>
    public DateTimeOffset DispatchDueAt { get; set; }

    /// <summary>
    /// The tier's working deadline to give a result (办理时限): the deadline job escalates on it and the queues sort by
    /// it. Each escalation gives the next tier a fresh one, so it may lie past what the resident was promised.
    /// </summary>
    public DateTimeOffset FeedbackDueAt { get; set; }

    /// <summary>When <see cref="FeedbackDueAt"/> started counting: the submission, the last escalation or the reopening.</summary>
    /// Null only on appeals closed before it was stored (migration AppealPromise fills the open ones).
    public DateTimeOffset? FeedbackLimitFrom { get; set; }

    /// <summary>
    /// 承诺反馈时限: the feedback limit promised to the resident at submission (or at a reopening, which makes a new
    /// promise). Escalation, hand-back and transfers leave it alone; a new calendar year recomputes it like the others.
    /// </summary>
    /// <remarks>
    /// Null only on appeals closed before it was stored: the migration filled the open ones and left the closed rows
    /// alone (rewriting millions of old rows for a value they can no longer break), so read it through
    /// <see cref="PromisedFeedback"/>, or as <c>PromisedFeedbackAt ?? FeedbackDueAt</c> in a query.
    /// </remarks>
    public DateTimeOffset? PromisedFeedbackAt { get; set; }

    /// <summary>When the promise was made: the submission or the last reopening (null as <see cref="PromisedFeedbackAt"/>).</summary>
    public DateTimeOffset? PromiseMadeAt { get; set; }

    /// <summary>
    /// The working days <see cref="FeedbackDueAt"/> was counted with, as the rule said then; null for a limit in hours,
    /// and on limits counted before it was kept (session 18), for which a calendar change reads the rule in force.
    /// A calendar change needs it to tell a limit counted on the old calendar from one on the new, whatever the rule
    /// says by then.
    /// </summary>
    public int? FeedbackWorkingDays { get; set; }

    /// <summary>The working days the promise was counted with (null as <see cref="FeedbackWorkingDays"/>).</summary>
    public int? PromiseWorkingDays { get; set; }

    /// <summary>The promise to the resident; an appeal closed before promises were stored had its feedback limit as one.</summary>
    public DateTimeOffset PromisedFeedback => PromisedFeedbackAt ?? FeedbackDueAt;

    /// <summary>Open and past the promise made to the resident.</summary>
    public bool IsPastPromise(DateTimeOffset now) => IsOpen && PromisedFeedback < now;

    /// <summary>Last time anything moved; "no progress in 3 days" warnings read it.</summary>
    public DateTimeOffset LastProgressAt { get; set; }

    public string? RejectReason { get; set; }
    public long? MergedIntoId { get; set; }
    public string? Result { get; set; }

    // The three rates (三率): filled as the appeal moves; null means "not known yet".
    public bool? RespondedInTime { get; set; }
    public bool? IsResolved { get; set; }
    public bool? IsSatisfied { get; set; }
    public AppealTier? ClosedAtTier { get; set; }
    public int ReopenCount { get; set; }
    public int UnsatisfiedStreak { get; set; }
    public int SupporterCount { get; set; }

    /// <summary>Search tokens over title, description, address and category (see ChineseText.Tokens).</summary>
    public string SearchText { get; set; } = "";

    /// <summary>Client-chosen key that makes a replayed submission return the first appeal instead of a copy.</summary>
    public string? IdempotencyKey { get; set; }

    public long Version { get; set; }

    public List<AppealEvent> Events { get; set; } = [];
    public List<AppealAssignment> Assignments { get; set; } = [];

    public bool IsOpen => State is AppealState.Submitted or AppealState.Accepted or AppealState.Dispatched
        or AppealState.Acknowledged or AppealState.InProgress;

    public static Appeal Submit(AppealSubmission s, TimeLimit limit, Actor actor, DateTimeOffset now)
    {
        var appeal = new Appeal
        {
            TrackingCode = s.TrackingCode, Number = s.Number, Kind = s.Kind, CategoryId = s.CategoryId, Channel = s.Channel,
            Urgency = s.Urgency, Title = s.Title, Description = s.Description, BuildingId = s.BuildingId, DwellingId = s.DwellingId,
            Address = s.Address, Latitude = s.Latitude, Longitude = s.Longitude, AreaPath = s.AreaPath, CommunityId = s.CommunityId,
            ResidentId = s.ResidentId, IsAnonymous = s.IsAnonymous, ReporterName = s.ReporterName, SubmittedByUserId = actor.UserId,
            State = AppealState.Submitted, SubmittedAt = now, LastProgressAt = now,
            DispatchDueAt = limit.DispatchDue, FeedbackDueAt = limit.FeedbackDue, FeedbackLimitFrom = now,
            PromisedFeedbackAt = limit.FeedbackDue, PromiseMadeAt = now,
            FeedbackWorkingDays = limit.FeedbackWorkingDays, PromiseWorkingDays = limit.FeedbackWorkingDays,
        };
        appeal.Record(actor, now, "submit", null, AppealState.Submitted, $"通过{AppealNames.Of(s.Channel)}提交", isPublic: true);
        return appeal;
    }

    public void Accept(Actor actor, DateTimeOffset now)
    {
        Require("受理", AppealState.Submitted);
        AcceptedAt = now;
        Move(actor, now, "accept", AppealState.Accepted, "已受理", isPublic: true);
    }

    public void Reject(string reason, Actor actor, DateTimeOffset now)
    {
        Require("不予受理", AppealState.Submitted, AppealState.Accepted);
        if (string.IsNullOrWhiteSpace(reason)) throw new ValidationFailedException("reason", "不予受理必须写明理由，理由会告知反映人");
        RejectReason = reason.Trim();
        ClosedAt = now;
        Move(actor, now, "reject", AppealState.Rejected, $"不予受理：{RejectReason}", isPublic: true);
    }

    /// <summary>Merges this appeal into <paramref name="main"/>; it then follows the main appeal's outcome.</summary>
    public void MergeInto(Appeal main, Actor actor, DateTimeOffset now)
    {
        if (main.Id == Id) throw new DomainException("不能把诉求合并到它自己。");
        if (!IsOpen) throw new DomainException($"诉求当前状态为“{AppealNames.Of(State)}”，已不能合并。");
        if (!main.IsOpen) throw new DomainException($"主诉求 {main.Number} 当前状态为“{AppealNames.Of(main.State)}”，不能再并入其他诉求。");
        MergedIntoId = main.Id;
        main.SupporterCount += 1 + SupporterCount;
        EndOpenAssignments(now); // the main appeal's assignees do the work
        Move(actor, now, "merge", AppealState.Merged, $"与诉求 {main.Number} 合并办理，结果以主件为准", isPublic: true);
        main.Record(actor, now, "merge-in", main.State, main.State, $"诉求 {Number} 已并入本件", isPublic: false);
    }

    /// <summary>The states an appeal can be dispatched (or transferred) in.</summary>
    public static bool CanBeDispatched(AppealState state) =>
        state is AppealState.Accepted or AppealState.Dispatched or AppealState.Acknowledged or AppealState.InProgress;

    /// <summary>
    /// Sends the appeal to an assignee (first dispatch, transfer with a reason, or re-dispatch after escalation). A
    /// transfer keeps what the departments summoned again already did (中心吹哨、部门报到: a department reports in once
    /// for the case, not once per change of lead): a department summoned before and again keeps its assignment, with its
    /// 报到 (or its original limit, if it has not reported yet); a former lead now summoned keeps its 签收 as its 报到.
    /// A transfer to the unit that leads already is not a change of owner but 调整协办单位 (see <see cref="ChangeSupport"/>).
    /// Returns what happened: the assignments kept; the others are new and must sign or report in.
    /// </summary>
    public DispatchOutcome Dispatch(AppealAssignment lead, IReadOnlyList<AppealAssignment> supporting, Actor actor, DateTimeOffset now, string? reason)
    {
        if (!CanBeDispatched(State)) throw new DomainException($"诉求当前状态为“{AppealNames.Of(State)}”，不能派单。");
        var transfer = State is not AppealState.Accepted;
        var open = Assignments.Where(a => a.EndedAt is null).ToList();
        if (transfer && open.FirstOrDefault(a => a.IsLead) is { } leading && leading.IsSameUnitAs(lead))
            return ChangeSupport(leading, supporting, open, actor, now, reason);
        if (transfer && string.IsNullOrWhiteSpace(reason)) throw new ValidationFailedException("reason", "改派必须写明理由");
        var kept = new List<AppealAssignment>();
        var summoned = new List<AppealAssignment>();
        foreach (var s in supporting)
        {
            var before = s.DepartmentId is { } department ? open.FirstOrDefault(o => o.DepartmentId == department) : null;
            if (before is { IsLead: false })
            {
                kept.Add(before);
                summoned.Add(before);
                continue;
            }
            s.IsLead = false;
            s.DispatchedAt = now;
            if (before is { AcknowledgedAt: { } signed })
            {
                (s.AcknowledgedAt, s.AcknowledgedInTime, s.AcknowledgeDueAt) = (signed, before.AcknowledgedInTime, before.AcknowledgeDueAt);
                kept.Add(s);
            }
            summoned.Add(s);
        }
        foreach (var o in open.Except(kept)) o.EndedAt = now;
        lead.IsLead = true;
        lead.DispatchedAt = now;
        Assignments.Add(lead);
        foreach (var s in summoned.Where(s => !open.Contains(s))) Assignments.Add(s);
        FirstDispatchedAt ??= now;
        RespondedInTime ??= now <= DispatchDueAt;
        DispatchedAt = now;
        AcknowledgedAt = null;
        CurrentAssignee = lead.AssigneeName;
        CurrentAssigneeUserId = lead.AssigneeUserId;
        var to = supporting.Count == 0 ? lead.AssigneeName : $"{lead.AssigneeName}（牵头）及{string.Join("、", supporting.Select(x => x.AssigneeName))}";
        Move(actor, now, transfer ? "transfer" : "dispatch", AppealState.Dispatched,
            transfer ? $"改派至{to}，理由：{reason!.Trim()}{SummonsNote(summoned, kept)}"
                : string.IsNullOrWhiteSpace(reason) ? $"派单至{to}" : $"派单至{to}，说明：{reason.Trim()}", isPublic: true);
        return new DispatchOutcome(kept, LeadKept: false, Added: summoned.Except(kept).ToList());
    }

    /// <summary>
    /// 调整协办单位: the lead stays and only the summoned departments change. Changing who helps is not a change of owner:
    /// the lead keeps its assignment, its 签收 and its limits, the state and the work done stay, and the rates are not
    /// touched. Departments no longer summoned are taken off; those newly summoned must report in (报到); the others keep
    /// their 报到. It needs a reason, as a transfer does: the departments taken off read why.
    /// </summary>
    private DispatchOutcome ChangeSupport(AppealAssignment leading, IReadOnlyList<AppealAssignment> supporting, IReadOnlyList<AppealAssignment> open,
        Actor actor, DateTimeOffset now, string? reason)
    {
        var helping = open.Where(a => !a.IsLead).ToList();
        var removed = helping.Where(h => !supporting.Any(s => s.DepartmentId == h.DepartmentId)).ToList();
        var added = supporting.Where(s => !helping.Any(h => h.DepartmentId == s.DepartmentId)).ToList();
        if (removed.Count == 0 && added.Count == 0)
            throw new ValidationFailedException("supporting", $"诉求 {Number} 已由{leading.AssigneeName}牵头办理，召集的部门也没有变化，无需改派；要增减协办部门请勾选或取消勾选");
        if (string.IsNullOrWhiteSpace(reason)) throw new ValidationFailedException("reason", "调整协办单位须写明理由");
        foreach (var r in removed) r.EndedAt = now;
        foreach (var s in added)
        {
            s.IsLead = false;
            s.DispatchedAt = now;
            Assignments.Add(s);
        }
        var kept = helping.Except(removed).ToList();
        var parts = new List<string> { $"{leading.AssigneeName}继续牵头，无需重新签收" };
        parts.AddRange(added.Select(s => $"{s.AssigneeName}为新召集，须报到"));
        parts.AddRange(removed.Select(r => $"{r.AssigneeName}不再协办"));
        parts.AddRange(kept.Select(k => k.AcknowledgedAt is not null ? $"{k.AssigneeName}继续协办，已报到" : $"{k.AssigneeName}继续协办，仍须在{k.AcknowledgeDueAt.ShowDeadline()}前报到"));
        Version++;
        Record(actor, now, "support-change", State, State, $"调整协办单位：{string.Join("；", parts)}。理由：{reason.Trim()}", isPublic: true);
        return new DispatchOutcome(kept, LeadKept: true, Added: added);
    }

    /// <summary>What a transfer asks of each summoned department: nothing more of one that reported in, 报到 of the others.</summary>
    private static string SummonsNote(IReadOnlyList<AppealAssignment> summoned, IReadOnlyList<AppealAssignment> kept)
    {
        if (summoned.Count == 0) return "";
        var parts = summoned.Select(s => !kept.Contains(s) ? $"{s.AssigneeName}为新召集，须报到"
            : s.AcknowledgedAt is not null ? $"{s.AssigneeName}继续协办，已报到，无需重新报到"
            : $"{s.AssigneeName}继续协办，仍须在{s.AcknowledgeDueAt.ShowDeadline()}前报到");
        return $"。{string.Join("；", parts)}。";
    }

    /// <summary>报到/签收: the assignee confirms it has the appeal. The lead's acknowledgement moves the state.</summary>
    public void Acknowledge(AppealAssignment assignment, Actor actor, DateTimeOffset now)
    {
        if (assignment.AcknowledgedAt is not null) throw new DomainException($"{assignment.AssigneeName}已签收过此诉求。");
        if (assignment.EndedAt is not null) throw new DomainException("这次派单已结束（已改派或升级），无需签收。");
        if (assignment.IsLead) Require("签收", AppealState.Dispatched);
        else if (!IsOpen) throw new DomainException($"诉求当前状态为“{AppealNames.Of(State)}”，无需签收。");
        assignment.AcknowledgedAt = now;
        assignment.AcknowledgedInTime = now <= assignment.AcknowledgeDueAt;
        if (assignment.IsLead)
        {
            AcknowledgedAt = now;
            Move(actor, now, "acknowledge", AppealState.Acknowledged, $"{assignment.AssigneeName}已签收", isPublic: true);
        }
        else
        {
            Record(actor, now, "report-in", State, State, $"{assignment.AssigneeName}已报到", isPublic: true);
        }
    }

    public void StartWork(Actor actor, DateTimeOffset now, string? note)
    {
        Require("开始办理", AppealState.Acknowledged);
        Move(actor, now, "start", AppealState.InProgress, string.IsNullOrWhiteSpace(note) ? "开始办理" : note.Trim(), isPublic: true);
    }

    /// <summary>A progress note while in hand; counts as progress for the warnings.</summary>
    public void AddProgress(Actor actor, DateTimeOffset now, string note, bool isPublic)
    {
        Require("记录进展", AppealState.Dispatched, AppealState.Acknowledged, AppealState.InProgress);
        if (string.IsNullOrWhiteSpace(note)) throw new ValidationFailedException("note", "请填写进展说明");
        LastProgressAt = now;
        Record(actor, now, "progress", State, State, note.Trim(), isPublic);
    }

    /// <summary>
    /// 申请退回: the unit the appeal was sent to says it is not theirs (not its duty, wrong place) and why. The state does
    /// not change: whoever dispatched it decides, by transferring it with a reason or telling the unit to go on.
    /// </summary>
    public void RequestReturn(string unit, string reason, Actor actor, DateTimeOffset now)
    {
        Require("申请退回", AppealState.Dispatched, AppealState.Acknowledged, AppealState.InProgress);
        if (string.IsNullOrWhiteSpace(reason)) throw new ValidationFailedException("reason", "请写明申请退回的理由，如“不属于本部门职责，建议转区城管局”");
        Record(actor, now, "return-request", State, State, $"{unit}申请退回：{reason.Trim()}", isPublic: false);
    }

    public void Resolve(string result, Actor actor, DateTimeOffset now)
    {
        Require("办结", AppealState.Acknowledged, AppealState.InProgress);
        if (string.IsNullOrWhiteSpace(result)) throw new ValidationFailedException("result", "办结必须填写办理结果，结果会反馈给反映人");
        Result = result.Trim();
        ResolvedAt = now;
        foreach (var open in Assignments.Where(a => a.EndedAt is null)) open.ReportedAt ??= now;
        Move(actor, now, "resolve", AppealState.Resolved, $"办理结果：{Result}", isPublic: true);
    }

    /// <summary>回访: staff or the resident says whether it was solved and whether they are satisfied.</summary>
    public void RecordFollowUp(bool resolved, bool? satisfied, string? note, Actor actor, DateTimeOffset now)
    {
        Require("回访", AppealState.Resolved);
        IsResolved = resolved;
        IsSatisfied = satisfied;
        UnsatisfiedStreak = satisfied == false ? UnsatisfiedStreak + 1 : 0;
        FollowedUpAt = now;
        var verdict = $"{(resolved ? "问题已解决" : "问题未解决")}，{(satisfied switch { true => "满意", false => "不满意", null => "未评价" })}";
        Move(actor, now, "follow-up", AppealState.FollowedUp, string.IsNullOrWhiteSpace(note) ? verdict : $"{verdict}：{note.Trim()}", isPublic: true);
    }

    public void Close(Actor actor, DateTimeOffset now)
    {
        Require("关闭", AppealState.FollowedUp);
        ClosedAt = now;
        ClosedAtTier = Tier;
        Move(actor, now, "close", AppealState.Closed, "已关闭", isPublic: true);
    }

    /// <summary>Reopens after an unsatisfied or unresolved follow-up, within the window the rules allow.</summary>
    public void Reopen(string reason, TimeSpan window, Actor actor, DateTimeOffset now)
    {
        Require("重新办理", AppealState.FollowedUp, AppealState.Closed);
        if (IsSatisfied == true && IsResolved == true) throw new DomainException("反映人对结果满意且问题已解决，不能重新办理。");
        if (FollowedUpAt is { } at && now - at > window)
            throw new DomainException($"已超过回访后{window.TotalDays:0}天的重办期限，请作为新诉求提交。");
        if (string.IsNullOrWhiteSpace(reason)) throw new ValidationFailedException("reason", "请写明重新办理的原因");
        ReopenCount++;
        ResolvedAt = null;
        FollowedUpAt = null;
        ClosedAt = null;
        ClosedAtTier = null;
        IsResolved = null;
        IsSatisfied = null;
        Result = null;
        CurrentAssignee = null;
        CurrentAssigneeUserId = null;
        EndOpenAssignments(now);
        Move(actor, now, "reopen", AppealState.Accepted, $"重新办理：{reason.Trim()}", isPublic: true);
    }

    /// <summary>Reopens and gives the appeal fresh time limits counted from now, so it is not overdue on arrival.</summary>
    public void Reopen(string reason, TimeSpan window, Actor actor, DateTimeOffset now, TimeLimit newLimit)
    {
        Reopen(reason, window, actor, now);
        DispatchDueAt = newLimit.DispatchDue;
        FeedbackDueAt = newLimit.FeedbackDue;
        FeedbackLimitFrom = now;
        PromisedFeedbackAt = newLimit.FeedbackDue; // a reopening is a new promise to the resident
        PromiseMadeAt = now;
        (FeedbackWorkingDays, PromiseWorkingDays) = (newLimit.FeedbackWorkingDays, newLimit.FeedbackWorkingDays);
    }

    /// <summary>Moves ownership up a tier (manually or when a time limit passes); the district is the last owner.</summary>
    public void Escalate(string reason, Actor actor, DateTimeOffset now, TimeLimit newLimit)
    {
        if (!IsOpen || State == AppealState.Submitted)
            throw new DomainException($"诉求当前状态为“{AppealNames.Of(State)}”，不能升级。");
        if (Tier == AppealTier.District) throw new DomainException("诉求已由区级兜底办理，不能再升级。");
        var from = Tier;
        // 响应 is judged once, against the first tier's dispatch limit: an appeal sent up before it was ever dispatched
        // was responded to in time only if it went up within that limit (the deadline job escalates it after).
        RespondedInTime ??= now <= DispatchDueAt;
        Tier = Tier + 1;
        EndOpenAssignments(now);
        CurrentAssignee = AppealNames.CentreOf(Tier);
        CurrentAssigneeUserId = null;
        DispatchDueAt = newLimit.DispatchDue;
        FeedbackDueAt = newLimit.FeedbackDue; // the new tier's working limit; the promise to the resident stays
        FeedbackLimitFrom = now;
        FeedbackWorkingDays = newLimit.FeedbackWorkingDays;
        AcknowledgedAt = null;
        Move(actor, now, "escalate", AppealState.Accepted, $"由{AppealNames.Of(from)}升级至{AppealNames.Of(Tier)}：{reason}", isPublic: true);
    }

    /// <summary>
    /// The person leading the work left (their account was disabled): the appeal goes back to be dispatched again at the
    /// tier it stands at, with a fresh dispatch limit counted from now (the deadline job would otherwise escalate it at
    /// once for a limit that passed while it was in hand); the promise to the resident (反馈时限) stays. The resident's
    /// timeline says only that it is being dispatched again; the staff timeline names who left and why.
    /// </summary>
    public void ReturnForDispatch(string leaverName, string reason, Actor actor, DateTimeOffset now, DateTimeOffset dispatchDue)
    {
        Require("退回重新派单", AppealState.Dispatched, AppealState.Acknowledged, AppealState.InProgress);
        EndOpenAssignments(now);
        CurrentAssignee = null;
        CurrentAssigneeUserId = null;
        AcknowledgedAt = null;
        DispatchDueAt = dispatchDue;
        Record(actor, now, "assignee-disabled", State, State, $"承办人{leaverName}的账户已停用（{reason}），其承办随之结束", isPublic: false);
        Move(actor, now, "return", AppealState.Accepted, $"承办人员变动，退回{AppealNames.Of(Tier)}重新派单", isPublic: true);
    }

    /// <summary>
    /// A year's holiday arrangement was entered or corrected and the limits counted in working days across it now end
    /// elsewhere. The staff timeline says which limit moved from when to when and why; the state does not change.
    /// </summary>
    public void RecalculateLimits(DateTimeOffset feedbackDue, DateTimeOffset promisedDue, string why, Actor actor, DateTimeOffset now)
    {
        if (!IsOpen) throw new DomainException($"诉求当前状态为“{AppealNames.Of(State)}”，时限不再重算。");
        var changes = new List<string>();
        if (feedbackDue != FeedbackDueAt) changes.Add($"办理时限由 {FeedbackDueAt.ShowDeadline()} 改为 {feedbackDue.ShowDeadline()}");
        if (promisedDue != PromisedFeedback) changes.Add($"承诺反馈时限由 {PromisedFeedback.ShowDeadline()} 改为 {promisedDue.ShowDeadline()}");
        if (changes.Count == 0) return;
        (FeedbackDueAt, PromisedFeedbackAt) = (feedbackDue, promisedDue);
        Version++; // a deadline run that read the old limit fails on the version and looks again
        Record(actor, now, "recalculate", State, State, $"{string.Join("；", changes)}，因为{why}", isPublic: false);
    }

    /// <summary>Staff-only details that came with the submission (an Open311 client's attribute answers, links); no state change.</summary>
    public void RecordIntakeDetails(string type, string note, Actor actor, DateTimeOffset now) =>
        Record(actor, now, type, State, State, note.Length > 2000 ? note[..1999] + "…" : note, isPublic: false);

    /// <summary>Evidence of the work (photos of the repair, a signed note) was attached; kept on the timeline.</summary>
    public void RecordEvidence(int count, Actor actor, DateTimeOffset now)
    {
        Require("上传办理佐证", AppealState.Dispatched, AppealState.Acknowledged, AppealState.InProgress, AppealState.Resolved);
        LastProgressAt = now;
        Record(actor, now, "evidence", State, State, $"上传办理佐证材料{count}份", isPublic: true);
    }

    /// <summary>
    /// Erases the reporter's name and phone at their request (PIPL: a person may ask for their data to be deleted). The
    /// appeal goes on; nobody can call or text the reporter about it any more, and the staff timeline says who did it and why.
    /// </summary>
    public void EraseContact(string reason, Actor actor, DateTimeOffset now)
    {
        if (ContactErasedAt is { } erased)
            throw new DomainException($"反映人的姓名和电话已于 {erased.Show()} 删除，无需再删。");
        if (!HasContact)
            throw new DomainException("这件诉求没有留下反映人的姓名或电话，没有可删除的内容。");
        if (string.IsNullOrWhiteSpace(reason))
            throw new ValidationFailedException("reason", "请写明删除依据，如：反映人来电要求删除个人信息");
        (ReporterName, ReporterPhoneCipher, ReporterPhoneHash, ReporterPhoneMasked, ReporterPhoneCallOnly, ContactErasedAt) = (null, null, null, null, false, now);
        Version++;
        Record(actor, now, "erase-contact", State, State, $"删除反映人姓名和电话：{reason.Trim()}", isPublic: false);
    }

    /// <summary>Takes everyone still on the appeal off it; <see cref="AssignmentsEndedAt"/> finds them again for their notice.</summary>
    private void EndOpenAssignments(DateTimeOffset now)
    {
        foreach (var open in Assignments.Where(a => a.EndedAt is null)) open.EndedAt = now;
    }

    /// <summary>The assignments a transfer, an escalation, a merge or a reopening ended at this moment.</summary>
    public IReadOnlyList<AppealAssignment> AssignmentsEndedAt(DateTimeOffset moment) => [.. Assignments.Where(a => a.EndedAt == moment)];

    /// <summary>A warning from the deadline job, kept on the staff timeline (not shown to the resident).</summary>
    public void Warn(string note, Actor actor, DateTimeOffset now) => Record(actor, now, "warning", State, State, note, isPublic: false);

    /// <summary>
    /// A merged appeal follows its main appeal: the result, the follow-up and the closing are copied so the reporter
    /// sees the outcome on the tracking page. The three-rate fields stay with the main appeal, which counts once.
    /// </summary>
    public void FollowMain(Appeal main, Actor actor, DateTimeOffset now)
    {
        if (State != AppealState.Merged || MergedIntoId != main.Id)
            throw new DomainException($"诉求 {Number} 没有并入 {main.Number}，不能跟随其办理结果。");
        Result = main.Result;
        ResolvedAt = main.ResolvedAt;
        FollowedUpAt = main.FollowedUpAt;
        ClosedAt = main.ClosedAt;
        ClosedAtTier = main.ClosedAtTier;
        var note = main.State switch
        {
            AppealState.Resolved => $"主件 {main.Number} 已办结，办理结果：{main.Result}",
            AppealState.FollowedUp => $"主件 {main.Number} 已完成回访",
            AppealState.Closed => $"主件 {main.Number} 已关闭，本件随之办结",
            AppealState.Accepted => $"主件 {main.Number} 重新办理",
            _ => $"主件 {main.Number} 当前状态：{AppealNames.Of(main.State)}",
        };
        Version++;
        Record(actor, now, "follow-main", State, State, note, isPublic: true);
    }

    private void Require(string action, params AppealState[] allowed)
    {
        if (!allowed.Contains(State))
            throw new DomainException($"诉求当前状态为“{AppealNames.Of(State)}”，不能{action}。");
    }

    private void Move(Actor actor, DateTimeOffset now, string type, AppealState to, string note, bool isPublic)
    {
        var from = State;
        State = to;
        LastProgressAt = now;
        Version++;
        Record(actor, now, type, from, to, note, isPublic);
    }

    private void Record(Actor actor, DateTimeOffset now, string type, AppealState? from, AppealState to, string note, bool isPublic) =>
        Events.Add(new AppealEvent
        {
            At = now, Type = type, FromState = from, ToState = to, Note = note, IsPublic = isPublic,
            ActorUserId = actor.UserId, ActorName = actor.Name, ActorUnit = actor.Unit, AreaPath = AreaPath,
        });
}

/// <summary>What a new appeal needs; the submit use case fills it after validation.</summary>
public sealed record AppealSubmission(
    string TrackingCode, string Number, AppealKind Kind, int CategoryId, AppealChannel Channel, AppealUrgency Urgency,
    string Title, string Description, int? BuildingId, int? DwellingId, string Address, double? Latitude, double? Longitude,
    string AreaPath, int? CommunityId, int? ResidentId, bool IsAnonymous, string? ReporterName);

/// <summary>
/// The two deadlines a time-limit rule gives an appeal, and the working days the feedback limit was counted with (null
/// when it is in hours).
/// </summary>
public sealed record TimeLimit(DateTimeOffset DispatchDue, DateTimeOffset FeedbackDue, int? FeedbackWorkingDays = null);

/// <summary>One step on the case timeline. Read through its appeal, whose visibility rule covers it.</summary>
public class AppealEvent
{
    public long Id { get; set; }
    public long AppealId { get; set; }
    public DateTimeOffset At { get; set; }
    public string Type { get; set; } = "";
    public AppealState? FromState { get; set; }
    public AppealState ToState { get; set; }
    public string Note { get; set; } = "";

    /// <summary>Shown on the resident's tracking page (with the unit, never the staff name).</summary>
    public bool IsPublic { get; set; }
    public string? ActorUserId { get; set; }
    public string ActorName { get; set; } = "";
    public string ActorUnit { get; set; } = "";
    public string AreaPath { get; set; } = "";
}

/// <summary>
/// One dispatch: to whom, whether it leads, and when it was acknowledged (报到) and reported back. Not area-filtered
/// itself: the appeal's filter consults it, so an assignee outside the area can still see what was sent to them.
/// </summary>
public class AppealAssignment
{
    public long Id { get; set; }
    public long AppealId { get; set; }
    public AssigneeKind AssigneeKind { get; set; }
    public string AssigneeName { get; set; } = "";
    public string? AssigneeUserId { get; set; }
    public int? DepartmentId { get; set; }
    public AppealTier Tier { get; set; }
    public bool IsLead { get; set; }
    public DateTimeOffset DispatchedAt { get; set; }
    public DateTimeOffset AcknowledgeDueAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public bool? AcknowledgedInTime { get; set; }
    public DateTimeOffset? ReportedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string AreaPath { get; set; } = "";

    /// <summary>Whether both are the same unit: the same grid worker, department, or company or team by name.</summary>
    public bool IsSameUnitAs(AppealAssignment other) => AssigneeKind == other.AssigneeKind && AssigneeKind switch
    {
        AssigneeKind.GridWorker => AssigneeUserId == other.AssigneeUserId,
        AssigneeKind.Department => DepartmentId == other.DepartmentId,
        _ => AssigneeName == other.AssigneeName,
    };
}

/// <summary>
/// What a dispatch did. <paramref name="Kept"/>: summoned departments kept with what they did; <paramref name="LeadKept"/>:
/// the lead stayed and only the summoned departments changed (调整协办单位); <paramref name="Added"/>: newly summoned.
/// </summary>
public sealed record DispatchOutcome(IReadOnlyList<AppealAssignment> Kept, bool LeadKept, IReadOnlyList<AppealAssignment> Added);
