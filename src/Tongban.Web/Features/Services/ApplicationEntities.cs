using System.Text.Json.Serialization;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Services;

/// <summary>How the resident reached the first person who received them (首问).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IntakeChannel>))]
public enum IntakeChannel
{
    /// <summary>窗口</summary>
    Window = 0,
    /// <summary>流动办公桌</summary>
    MobileDesk = 1,
    /// <summary>上门服务</summary>
    HomeVisit = 2,
    /// <summary>代办（为老人等）</summary>
    Proxy = 3,
    /// <summary>预约到窗口</summary>
    Appointment = 4,
}

[JsonConverter(typeof(JsonStringEnumConverter<ApplicationState>))]
public enum ApplicationState
{
    /// <summary>接待中：正在核对材料</summary>
    Receiving = 0,
    /// <summary>已受理，办理中</summary>
    InProgress = 1,
    /// <summary>已受理，待补齐材料</summary>
    AwaitingMaterials = 2,
    /// <summary>已转办街道或部门</summary>
    Transferred = 3,
    /// <summary>办结</summary>
    Completed = 4,
    /// <summary>不予受理</summary>
    Rejected = 5,
    /// <summary>终止办理: a material owed (容缺, or told missing in one go) never came within its period</summary>
    Terminated = 6,
}

/// <summary>What the first visit ended in.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApplicationOutcome>))]
public enum ApplicationOutcome
{
    /// <summary>即来即办</summary>
    OnTheSpot = 0,
    /// <summary>材料齐全，受理</summary>
    Accepted = 1,
    /// <summary>受理，一次性告知所缺材料</summary>
    AcceptedMissing = 2,
    /// <summary>容缺受理</summary>
    AcceptedTolerated = 3,
    /// <summary>转办</summary>
    Transferred = 4,
    /// <summary>不予受理</summary>
    Rejected = 5,
}

[JsonConverter(typeof(JsonStringEnumConverter<MaterialStatus>))]
public enum MaterialStatus
{
    /// <summary>未核对</summary>
    Pending = 0,
    /// <summary>已收取/已核验</summary>
    Received = 1,
    /// <summary>缺少，已一次性告知</summary>
    Missing = 2,
    /// <summary>容缺，后补</summary>
    Tolerated = 3,
}

public static class ApplicationTexts
{
    public static string Channel(IntakeChannel c) => c switch
    {
        IntakeChannel.Window => "窗口",
        IntakeChannel.MobileDesk => "流动办公桌",
        IntakeChannel.HomeVisit => "上门服务",
        IntakeChannel.Proxy => "代办",
        _ => "预约",
    };

    public static string State(ApplicationState s) => s switch
    {
        ApplicationState.Receiving => "接待中",
        ApplicationState.InProgress => "办理中",
        ApplicationState.AwaitingMaterials => "待补材料",
        ApplicationState.Transferred => "已转办",
        ApplicationState.Completed => "已办结",
        ApplicationState.Terminated => "终止办理",
        _ => "不予受理",
    };

    public static string Outcome(ApplicationOutcome? o) => o switch
    {
        ApplicationOutcome.OnTheSpot => "即来即办",
        ApplicationOutcome.Accepted => "材料齐全受理",
        ApplicationOutcome.AcceptedMissing => "一次性告知补材料",
        ApplicationOutcome.AcceptedTolerated => "容缺受理",
        ApplicationOutcome.Transferred => "转办",
        ApplicationOutcome.Rejected => "不予受理",
        _ => "接待中",
    };

    /// <summary>The item's time limit as told to the resident: 即来即办 for 0 working days, else N个工作日内办结 (from when materials are complete).</summary>
    public static string TimeLimit(int workingDays, bool afterMaterials = false) =>
        (afterMaterials ? "材料补齐后" : "") + (workingDays == 0 ? "即来即办" : $"{workingDays}个工作日内办结");

    public static string Material(MaterialStatus s) => s switch
    {
        MaterialStatus.Received => "已收",
        MaterialStatus.Missing => "缺，已告知",
        MaterialStatus.Tolerated => "容缺后补",
        _ => "未核对",
    };
}

/// <summary>
/// 办件: one resident's request for one catalog item, owned from first contact to the end by whoever received it
/// (首问负责人). It keeps the item version it was started under. State changes only through the methods below.
/// </summary>
public class ServiceApplication : ICommunityShared
{
    public long Id { get; set; }
    public string Number { get; set; } = "";
    public int ServiceItemId { get; set; }
    public ServiceItem? ServiceItem { get; set; }
    public int ServiceItemVersionId { get; set; }
    public ServiceItemVersion? ItemVersion { get; set; }

    /// <summary>The community (and its path) the application belongs to.</summary>
    public int CommunityId { get; set; }
    public string AreaPath { get; set; } = "";

    public IntakeChannel Channel { get; set; }
    public long? AppointmentId { get; set; }
    public int? ResidentId { get; set; }
    public string ApplicantName { get; set; } = "";
    public string? ApplicantPhoneCipher { get; set; }
    public string? ApplicantPhoneMasked { get; set; }

    /// <summary>When the applicant's phone was erased, its keeping period after completion having run out (PIPL). The name stays with the file.</summary>
    public DateTimeOffset? ContactErasedAt { get; set; }

    /// <summary>首问负责人: stays the owner after a transfer.</summary>
    public string OwnerUserId { get; set; } = "";
    public string OwnerName { get; set; } = "";

    /// <summary>A colleague with the skill who helped an owner still in training (协办人).</summary>
    public string? HelperUserId { get; set; }
    public string? HelperName { get; set; }

    public ApplicationState State { get; set; }
    public ApplicationOutcome? Outcome { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>When the first visit ended in an outcome: ReceivedAt..DecidedAt is the window handling time.</summary>
    public DateTimeOffset? DecidedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>
    /// 承诺办结日期 (working days from acceptance, or from when the materials were complete). None while materials are
    /// awaited: the time limit runs from the day they are complete, so no date can be promised before.
    /// </summary>
    public DateOnly? PromisedOn { get; set; }

    /// <summary>
    /// The day <see cref="PromisedOn"/> was counted from (the acceptance, or the trip that completed the materials), so a
    /// change to the working calendar can count the same working days again (<see cref="RecalculatePromise"/>). Null
    /// with no promise, and on applications promised before it was kept (the recount works their start out).
    /// </summary>
    public DateOnly? PromisedFrom { get; set; }

    /// <summary>容缺 materials are due by this date, counted in working days from the day of the decision (<see cref="DecidedAt"/>).</summary>
    public DateOnly? ToleranceDueOn { get; set; }

    /// <summary>
    /// 补正期限: while materials told missing in one go (一次性告知) are awaited, the date they are due by, counted in working
    /// days from the notice or from the last trip that still left something missing. Past it the application may be ended
    /// (终止办理, 逾期未补正). Null when nothing is awaited, and on applications told before it was kept.
    /// </summary>
    public DateOnly? MaterialsDueOn { get; set; }

    /// <summary>
    /// The day <see cref="MaterialsDueOn"/> was counted from (the notice, or the trip that told again what is still
    /// missing), so a change to the working calendar can count the same working days again. Null with no 补正期限.
    /// </summary>
    public DateOnly? MaterialsDueFrom { get; set; }

    public DecisionLevel? TransferLevel { get; set; }
    public string? TransferredTo { get; set; }
    public string? TransferReason { get; set; }
    public string? RejectReason { get; set; }

    /// <summary>Why the handling was ended (终止办理); told to the applicant.</summary>
    public string? TerminationReason { get; set; }
    public string? Result { get; set; }

    /// <summary>How many times the resident came (or was visited) for this application.</summary>
    public int Trips { get; set; } = 1;

    /// <summary>一次告知缺陷: a later trip was caused by a material nobody listed the first time.</summary>
    public bool HasDefect { get; set; }
    public string? DefectNote { get; set; }

    /// <summary>Set by the daily close (日结) that archived the application.</summary>
    public DateOnly? ArchivedOn { get; set; }

    /// <summary>
    /// The day of the daily close (日结) that counted the application as received: its own day's, or the next close when
    /// it was received after its day had been closed. Null until counted; each application is counted by one close only.
    /// </summary>
    public DateOnly? TalliedOn { get; set; }

    /// <summary>Demo data (示例): set only by the demo seeding. A real application of a sample catalog item is no sample.</summary>
    public bool IsSample { get; set; }

    /// <summary>Concurrency token: two desks changing one application at once, the second is told to reload.</summary>
    public int RowVersion { get; set; }

    public List<ApplicationMaterial> Materials { get; set; } = [];
    public List<ApplicationEvent> Events { get; set; } = [];

    /// <summary>The states an application ends in: nothing more is done, it leaves the open queues and the next close archives it.</summary>
    public static readonly IReadOnlyList<ApplicationState> EndStates = [ApplicationState.Completed, ApplicationState.Rejected, ApplicationState.Terminated];

    public bool IsOpen => !EndStates.Contains(State);

    public static ServiceApplication Start(string number, ServiceItemVersion version, int communityId, string areaPath, IntakeChannel channel,
        string applicantName, string ownerUserId, string ownerName, DateTimeOffset now)
    {
        var application = new ServiceApplication
        {
            Number = number,
            ServiceItemId = version.ServiceItemId,
            ServiceItemVersionId = version.Id,
            CommunityId = communityId,
            AreaPath = areaPath,
            Channel = channel,
            ApplicantName = applicantName,
            OwnerUserId = ownerUserId,
            OwnerName = ownerName,
            State = ApplicationState.Receiving,
            ReceivedAt = now,
            Trips = 1,
        };
        application.Materials.AddRange(version.Materials.OrderBy(m => m.Order).Select(m => new ApplicationMaterial
        {
            MaterialId = m.Id,
            Name = m.Describe(),
            IsMinor = m.IsMinor,
        }));
        application.Log(now, "start", $"{ownerName}接待（{ApplicationTexts.Channel(channel)}），按第{version.Number}版告知清单核对材料", ownerName);
        return application;
    }

    /// <summary>Marks materials as checked and received (or not) while the resident is at the desk.</summary>
    public void Tick(IReadOnlyCollection<int> receivedMaterialIds)
    {
        EnsureOpen("核对材料");
        foreach (var m in Materials.Where(m => m.MaterialId is { } id && receivedMaterialIds.Contains(id)))
        {
            if (m.Status == MaterialStatus.Received) continue;
            m.Status = MaterialStatus.Received;
            m.ReceivedOnTrip = Trips;
        }
        // In the first visit a box can also be unticked; once listed as missing only a later visit changes it.
        if (State == ApplicationState.Receiving)
        {
            foreach (var m in Materials.Where(m => m.MaterialId is { } id && !receivedMaterialIds.Contains(id) && m.Status == MaterialStatus.Received))
            {
                m.Status = MaterialStatus.Pending;
                m.ReceivedOnTrip = null;
            }
        }
        RowVersion++;
    }

    /// <summary>即来即办: everything was there and the community decides it; finished in this visit.</summary>
    public void CompleteOnTheSpot(ServiceItemVersion version, string result, string actorName, DateTimeOffset now)
    {
        EnsureState(ApplicationState.Receiving, "即来即办");
        if (version.DecidedAt != DecisionLevel.Community)
            throw new DomainException($"「{version.Name}」由{CatalogTexts.Level(version.DecidedAt)}（{version.DecidingUnit}）最终办理，不能即来即办；材料齐全请选择“受理”。");
        EnsureAllReceived("即来即办");
        State = ApplicationState.Completed;
        Outcome = ApplicationOutcome.OnTheSpot;
        DecidedAt = CompletedAt = now;
        Result = string.IsNullOrWhiteSpace(result) ? "即来即办，当场办结" : result.Trim();
        Log(now, "on-the-spot", $"即来即办：{Result}", actorName);
    }

    /// <summary>受理 with every material in hand; the promised date counts working days from today.</summary>
    public void Accept(DateOnly promisedOn, string actorName, DateTimeOffset now)
    {
        EnsureState(ApplicationState.Receiving, "受理");
        EnsureAllReceived("受理");
        State = ApplicationState.InProgress;
        Outcome = ApplicationOutcome.Accepted;
        DecidedAt = now;
        Promise(promisedOn, now);
        Log(now, "accept", $"材料齐全，受理；承诺{promisedOn:yyyy-MM-dd}前办结", actorName);
    }

    /// <summary>
    /// 受理 and tell the resident in one go everything still missing (一次性告知). No date is promised yet: the time
    /// limit counts from the day the materials are complete (<see cref="RecordTrip"/>).
    /// </summary>
    public IReadOnlyList<ApplicationMaterial> AcceptWithMissing(DateOnly materialsDueOn, string actorName, DateTimeOffset now)
    {
        EnsureState(ApplicationState.Receiving, "一次性告知");
        var missing = Materials.Where(m => m.Status != MaterialStatus.Received).ToList();
        if (missing.Count == 0) throw new DomainException("材料已经齐全，请直接受理或即来即办。");
        foreach (var m in missing)
        {
            m.Status = MaterialStatus.Missing;
            m.ListedOnTrip = Trips;
        }
        State = ApplicationState.AwaitingMaterials;
        Outcome = ApplicationOutcome.AcceptedMissing;
        DecidedAt = now;
        Promise(null, now);
        (MaterialsDueOn, MaterialsDueFrom) = (materialsDueOn, now.ShanghaiDay());
        Log(now, "accept-missing", $"受理，一次性告知缺少{missing.Count}项材料：{string.Join("、", missing.Select(m => m.Name))}，请于{materialsDueOn:yyyy-MM-dd}前补正；材料补齐后按时限办结", actorName);
        return missing;
    }

    /// <summary>容缺受理: only minor materials are missing, within the item's rule; they follow by a due date.</summary>
    public void AcceptTolerated(ServiceItemVersion version, DateOnly promisedOn, DateOnly toleranceDueOn, string actorName, DateTimeOffset now)
    {
        EnsureState(ApplicationState.Receiving, "容缺受理");
        var missing = Materials.Where(m => m.Status != MaterialStatus.Received).ToList();
        if (missing.Count == 0) throw new DomainException("材料已经齐全，不需要容缺，请直接受理。");
        if (version.ToleranceMaxMissing == 0) throw new DomainException($"「{version.Name}」不适用容缺受理，请一次性告知所缺材料。");
        var notMinor = missing.Where(m => !m.IsMinor).ToList();
        if (notMinor.Count > 0)
            throw new DomainException($"缺少的{string.Join("、", notMinor.Select(m => $"「{m.Name}」"))}是必须材料，不在容缺范围内；请一次性告知所缺材料。");
        if (missing.Count > version.ToleranceMaxMissing)
            throw new DomainException($"本事项最多容缺{version.ToleranceMaxMissing}项，现缺{missing.Count}项；请一次性告知所缺材料。");
        foreach (var m in missing)
        {
            m.Status = MaterialStatus.Tolerated;
            m.ListedOnTrip = Trips;
        }
        State = ApplicationState.InProgress;
        Outcome = ApplicationOutcome.AcceptedTolerated;
        DecidedAt = now;
        Promise(promisedOn, now);
        ToleranceDueOn = toleranceDueOn;
        Log(now, "accept-tolerated", $"容缺受理：{string.Join("、", missing.Select(m => m.Name))}请于{toleranceDueOn:yyyy-MM-dd}前补交；承诺{promisedOn:yyyy-MM-dd}前办结", actorName);
    }

    /// <summary>转办 to a street or department; the owner stays the owner and keeps seeing progress.</summary>
    public void Transfer(DecisionLevel level, string unit, string reason, string actorName, DateTimeOffset now)
    {
        if (State is not (ApplicationState.Receiving or ApplicationState.InProgress))
            throw new DomainException($"办件{ApplicationTexts.State(State)}，不能转办。");
        if (level == DecisionLevel.Community) throw new DomainException("转办对象应为街道或区职能部门。");
        if (State == ApplicationState.Receiving)
        {
            Outcome = ApplicationOutcome.Transferred;
            DecidedAt = now;
        }
        State = ApplicationState.Transferred;
        TransferLevel = level;
        TransferredTo = unit;
        TransferReason = reason;
        Log(now, "transfer", $"转办至{unit}（{CatalogTexts.Level(level)}）：{reason}；首问负责人{OwnerName}继续跟踪", actorName);
    }

    public void Reject(string reason, string actorName, DateTimeOffset now)
    {
        EnsureState(ApplicationState.Receiving, "不予受理");
        State = ApplicationState.Rejected;
        Outcome = ApplicationOutcome.Rejected;
        RejectReason = reason;
        DecidedAt = CompletedAt = now;
        Log(now, "reject", $"不予受理：{reason}", actorName);
    }

    /// <summary>
    /// A later trip (来访): materials handed in are ticked (checklist lines by material id, lines asked for outside the
    /// checklist on an earlier trip by their line id); a material asked for now that nobody listed before (on the
    /// checklist but not told as missing, or not on the checklist at all) marks the application as a defect.
    /// Returns what this trip found unlisted (empty when it found nothing new).
    /// </summary>
    public IReadOnlyList<string> RecordTrip(IReadOnlyCollection<int> receivedMaterialIds, IReadOnlyCollection<long> receivedExtraLineIds,
        IReadOnlyCollection<int> newlyRequiredMaterialIds, IReadOnlyCollection<string> extraRequired, DateOnly? promisedOnIfComplete,
        DateOnly materialsDueOnIfMissing, string note, string actorName, DateTimeOffset now)
    {
        if (State is not (ApplicationState.AwaitingMaterials or ApplicationState.InProgress))
            throw new DomainException($"办件{ApplicationTexts.State(State)}，不需要再登记来访。");
        Trips++;
        var handedIn = new List<string>();
        foreach (var m in Materials.Where(m => m.Status != MaterialStatus.Received
            && (m.MaterialId is { } id ? receivedMaterialIds.Contains(id) : m.IsExtra && receivedExtraLineIds.Contains(m.Id))))
        {
            m.Status = MaterialStatus.Received;
            m.ReceivedOnTrip = Trips;
            handedIn.Add(m.Name);
        }
        var unlisted = new List<string>();
        foreach (var m in Materials.Where(m => m.MaterialId is { } id && newlyRequiredMaterialIds.Contains(id) && m.Status != MaterialStatus.Received))
        {
            if (m.ListedOnTrip is null) unlisted.Add(m.Name);
            m.Status = MaterialStatus.Missing;
            m.ListedOnTrip ??= Trips;
        }
        foreach (var name in extraRequired.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).Distinct())
        {
            Materials.Add(new ApplicationMaterial { Name = name, Status = MaterialStatus.Missing, ListedOnTrip = Trips, IsExtra = true });
            unlisted.Add($"{name}（清单外）");
        }
        if (unlisted.Count > 0)
        {
            HasDefect = true;
            DefectNote = $"第{Trips}次来办又要求了首次未告知的材料：{string.Join("、", unlisted)}";
        }
        var text = $"第{Trips}次来办" + (handedIn.Count > 0 ? $"，补交{string.Join("、", handedIn)}" : "")
            + (string.IsNullOrWhiteSpace(note) ? "" : $"：{note.Trim()}");
        if (unlisted.Count > 0) text += $"；一次告知缺陷：{string.Join("、", unlisted)}";
        if (State == ApplicationState.AwaitingMaterials && Materials.All(m => m.Status == MaterialStatus.Received) && promisedOnIfComplete is { } p)
        {
            State = ApplicationState.InProgress;
            Promise(p, now);
            (MaterialsDueOn, MaterialsDueFrom) = (null, null);
            text += $"；材料已齐，承诺{p:yyyy-MM-dd}前办结";
        }
        else if (Materials.Any(m => m.Status == MaterialStatus.Missing))
        {
            State = ApplicationState.AwaitingMaterials;
            Promise(null, now); // counted again from the day the materials are complete
            // Told again what is still missing: the period to bring it runs from this trip.
            (MaterialsDueOn, MaterialsDueFrom) = (materialsDueOnIfMissing, now.ShanghaiDay());
            text += $"；仍缺{string.Join("、", OwedMissing())}，请于{materialsDueOnIfMissing:yyyy-MM-dd}前补正";
        }
        Log(now, "trip", text, actorName);
        return unlisted;
    }

    public void AddProgress(string note, string actorName, DateTimeOffset now)
    {
        EnsureOpen("记录进展");
        if (State == ApplicationState.Receiving) throw new DomainException("请先给出接待结果（受理、转办或不予受理），再记录进展。");
        Log(now, "progress", note, actorName);
    }

    public void Complete(string result, string actorName, DateTimeOffset now)
    {
        if (State is not (ApplicationState.InProgress or ApplicationState.Transferred))
            throw new DomainException(State == ApplicationState.AwaitingMaterials
                ? "材料尚未补齐，不能办结；请先登记补交材料。"
                : $"办件{ApplicationTexts.State(State)}，不能办结。");
        // 容缺 lets the handling start before a minor material is in; the result waits for it.
        if (OwedTolerated() is { Count: > 0 } owed)
            throw new DomainException($"容缺受理时约定后补的材料还没补交（{string.Join("、", owed)}），补交后才能办结；补交时请在“再次来办”勾选并登记。");
        State = ApplicationState.Completed;
        CompletedAt = now;
        Result = result;
        Log(now, "complete", $"办结：{result}", actorName);
    }

    /// <summary>
    /// 终止办理: a material the application waits for was not brought within its period, so the handling ends, with a
    /// reason told to the applicant, who may start a new application. Either accepted under 容缺 with a tolerated
    /// material still owed after <see cref="ToleranceDueOn"/>, or told its missing materials in one go (一次性告知) and
    /// still awaiting them after the 补正期限 (<paramref name="materialsDueOn"/>: <see cref="MaterialsDueOn"/>, or for an
    /// application told before it was kept, the period counted by the caller from the last notice). Possible from the
    /// day after the due date. Not 不予受理: the application was accepted, and a refusal to accept is given at the first
    /// visit; not 撤回, which is the applicant's own act.
    /// </summary>
    public void Terminate(string reason, DateOnly today, DateOnly? materialsDueOn, string actorName, DateTimeOffset now)
    {
        var owesNothing = $"只有所缺材料逾期未补交（容缺后补或一次性告知补正）的办件才能终止办理；本件{ApplicationTexts.State(State)}（{ApplicationTexts.Outcome(Outcome)}）。";
        if (State is not (ApplicationState.InProgress or ApplicationState.AwaitingMaterials))
            throw new DomainException(Outcome is ApplicationOutcome.AcceptedTolerated or ApplicationOutcome.AcceptedMissing || State == ApplicationState.Transferred
                ? $"办件{ApplicationTexts.State(State)}，不能终止办理。" : owesNothing);
        var owed = OwedTolerated();
        var missing = State == ApplicationState.AwaitingMaterials ? OwedMissing() : [];
        var tolerated = Outcome == ApplicationOutcome.AcceptedTolerated && owed.Count > 0 && ToleranceDueOn is { } t && today > t;
        var uncorrected = missing.Count > 0 && materialsDueOn is { } m && today > m;
        if (!tolerated && !uncorrected)
        {
            if (missing.Count > 0 && materialsDueOn is { } due)
                throw new DomainException($"一次性告知所缺材料的补正期限到{due:yyyy年M月d日}，期满仍未补正才能终止办理；请先提醒申请人补交。");
            if (Outcome == ApplicationOutcome.AcceptedTolerated && owed.Count > 0 && ToleranceDueOn is { } tDue)
                throw new DomainException($"容缺材料的补交期限到{tDue:yyyy年M月d日}，期满仍未补交才能终止办理；请先提醒申请人补交。");
            throw new DomainException(Outcome == ApplicationOutcome.AcceptedTolerated
                ? "容缺后补的材料已经补齐，不能终止办理；请继续办理并办结。" : owesNothing);
        }
        State = ApplicationState.Terminated;
        TerminationReason = reason;
        CompletedAt = now;
        if (uncorrected) MaterialsDueOn = materialsDueOn;
        var why = new List<string>();
        if (tolerated) why.Add($"容缺后补的{string.Join("、", owed)}逾期未补交");
        if (uncorrected) why.Add($"一次性告知的{string.Join("、", missing)}逾期未补正");
        Log(now, "terminate", $"终止办理：{reason}（{string.Join("；", why)}）", actorName);
    }

    /// <summary>The materials told missing (一次性告知) and not handed in yet.</summary>
    public List<string> OwedMissing() => [.. Materials.Where(m => m.Status == MaterialStatus.Missing).Select(m => m.Name)];

    /// <summary>The day the resident was last told what is missing: the decision, or the latest trip.</summary>
    public DateOnly LastNoticeDay() => NoticeDay(Events.Where(e => e.Kind == "trip").Select(e => e.At));

    /// <summary>The day the resident was last told what is missing: the decision, or the latest trip (<paramref name="trips"/>) after it.</summary>
    public DateOnly NoticeDay(IEnumerable<DateTimeOffset> trips) => trips.Append(DecidedAt ?? ReceivedAt).Max().ShanghaiDay();

    /// <summary>The 容缺 materials not handed in yet (due by <see cref="ToleranceDueOn"/>).</summary>
    public List<string> OwedTolerated() => [.. Materials.Where(m => m.Status == MaterialStatus.Tolerated).Select(m => m.Name)];

    /// <summary>
    /// Counted as received by the daily close of <paramref name="day"/>. The row version moves, so that of two closes
    /// that read the application at the same moment only the first saves it as counted (the other is refused and reads again).
    /// </summary>
    public void Tally(DateOnly day)
    {
        if (TalliedOn is { } counted) throw new DomainException($"办件{Number}已计入{counted:yyyy年M月d日}的日结，不能再计入。");
        TalliedOn = day;
        RowVersion++;
    }

    /// <summary>Archived by the daily close of <paramref name="day"/>; claimed by its row version, as <see cref="Tally"/> is.</summary>
    public void Archive(DateOnly day)
    {
        ArchivedOn = day;
        RowVersion++;
    }

    /// <summary>
    /// The working calendar changed (a year's holidays entered, corrected or dropped): the promised date, the 容缺 due
    /// date and the 补正期限 counted again from where they started. The timeline says what it was, what it is and why.
    /// </summary>
    public bool RecalculatePromise(CalendarDates dates, string why, string actorName, DateTimeOffset now)
    {
        PromisedFrom = dates.PromisedFrom;
        MaterialsDueFrom = dates.MaterialsDueFrom;
        var changes = new List<string>();
        if (dates.PromisedOn != PromisedOn) changes.Add($"承诺办结日期由 {PromisedOn:yyyy-MM-dd} 改为 {dates.PromisedOn:yyyy-MM-dd}");
        if (dates.ToleranceDueOn != ToleranceDueOn) changes.Add($"容缺材料补交期限由 {ToleranceDueOn:yyyy-MM-dd} 改为 {dates.ToleranceDueOn:yyyy-MM-dd}");
        if (dates.MaterialsDueOn != MaterialsDueOn) changes.Add($"补正期限由 {MaterialsDueOn:yyyy-MM-dd} 改为 {dates.MaterialsDueOn:yyyy-MM-dd}");
        if (changes.Count == 0) return false;
        (PromisedOn, ToleranceDueOn, MaterialsDueOn) = (dates.PromisedOn, dates.ToleranceDueOn, dates.MaterialsDueOn);
        Log(now, "recalculate", $"{string.Join("；", changes)}，因为{why}", actorName);
        return true;
    }

    /// <summary>The dates as they stand, to be counted again.</summary>
    public CalendarDates Dates => new(PromisedOn, PromisedFrom, ToleranceDueOn, MaterialsDueOn, MaterialsDueFrom);

    /// <summary>A promised date with the day it is counted from (today), or none.</summary>
    private void Promise(DateOnly? promisedOn, DateTimeOffset now) => (PromisedOn, PromisedFrom) = (promisedOn, promisedOn is null ? null : now.ShanghaiDay());

    private void EnsureAllReceived(string action)
    {
        var missing = Materials.Where(m => m.Status != MaterialStatus.Received).Select(m => m.Name).ToList();
        if (missing.Count > 0)
            throw new DomainException($"还有{missing.Count}项材料未收齐（{string.Join("、", missing)}），不能{action}；可一次性告知所缺材料，或按容缺规则受理。");
    }

    private void EnsureState(ApplicationState expected, string action)
    {
        if (State != expected) throw new DomainException($"办件{ApplicationTexts.State(State)}，不能{action}。");
    }

    private void EnsureOpen(string action)
    {
        if (!IsOpen) throw new DomainException($"办件{ApplicationTexts.State(State)}，不能{action}。");
    }

    private void Log(DateTimeOffset now, string kind, string text, string actorName)
    {
        Events.Add(new ApplicationEvent { At = now, Kind = kind, Text = text, ActorName = actorName });
        RowVersion++;
    }
}

/// <summary>One checklist line of an application, as ticked at the desk.</summary>
public class ApplicationMaterial
{
    public long Id { get; set; }
    public long ApplicationId { get; set; }

    /// <summary>The catalog material; null for a material asked for that was not on the checklist.</summary>
    public int? MaterialId { get; set; }
    public string Name { get; set; } = "";
    public bool IsMinor { get; set; }
    public bool IsExtra { get; set; }
    public MaterialStatus Status { get; set; }

    /// <summary>The trip on which the resident was told it was missing (一次性告知).</summary>
    public int? ListedOnTrip { get; set; }
    public int? ReceivedOnTrip { get; set; }
}

public class ApplicationEvent
{
    public long Id { get; set; }
    public long ApplicationId { get; set; }
    public DateTimeOffset At { get; set; }
    public string Kind { get; set; } = "";
    public string Text { get; set; } = "";
    public string ActorName { get; set; } = "";
}

/// <summary>日结: the summary one community's day was archived into.</summary>
public class DailyClose : ICommunityShared
{
    public long Id { get; set; }
    public int CommunityId { get; set; }
    public string AreaPath { get; set; } = "";
    public DateOnly Day { get; set; }
    public DateTimeOffset ClosedAt { get; set; }
    public string ClosedBy { get; set; } = "";
    public int Received { get; set; }
    public int Finished { get; set; }
    public int CarriedOver { get; set; }
    public int Defects { get; set; }
    public int SecondTrips { get; set; }
    public double? AverageWindowMinutes { get; set; }

    /// <summary>
    /// The close counted the applications of every day before this one that nobody closed (it can no longer be made
    /// up); the next close sweeps from here. Null on closes made before it was kept, which are not trusted to have swept.
    /// </summary>
    public DateOnly? SweptBefore { get; set; }

    /// <summary>Counts by item and outcome, and the open applications carried over (JSON of <see cref="DailyCloseLines"/>).</summary>
    public string LinesJson { get; set; } = "{}";
}

/// <summary>An application's dates counted on the working calendar, with the days the promise and the 补正期限 count from.</summary>
public sealed record CalendarDates(DateOnly? PromisedOn, DateOnly? PromisedFrom, DateOnly? ToleranceDueOn, DateOnly? MaterialsDueOn, DateOnly? MaterialsDueFrom);
