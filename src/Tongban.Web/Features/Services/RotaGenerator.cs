namespace Tongban.Web.Features.Services;

public sealed record RotaStaff(string UserId, string Name);

public sealed record RotaPost(int Id, int Order, string Name);

/// <summary>One opening period on one date: the posts open in it must each have an A and a B.</summary>
public sealed record RotaPeriod(DateOnly Day, TimeOnly Start, TimeOnly End, bool IsExtended, int PostsOpen);

public sealed record RotaInput(IReadOnlyList<RotaStaff> Staff, IReadOnlyList<RotaPost> Posts, IReadOnlyList<RotaPeriod> Periods,
    IReadOnlySet<(string UserId, DateOnly Day)> Leave);

/// <summary>One generated or edited line of the rota (before it becomes a <see cref="RotaAssignment"/>).</summary>
public sealed record RotaLine(DateOnly Day, int PostId, PairRole Role, TimeOnly Start, TimeOnly End, bool IsExtended, TimeOnly? MealStart, TimeOnly? MealEnd,
    string UserId, string StaffName);

public sealed record RotaConflict(DateOnly Day, string Where, string Message);

public sealed record RotaLoad(string UserId, string Name, double Hours, int Shifts, int ExtendedShifts, int AvailableDays);

/// <summary>
/// 轮岗排班: builds a rota in which every open post has an A and a B for every opening period, meals of a pair never
/// overlap (and start half an hour apart from post to post), nobody works while on leave or in two places at once (a second shift the same day only when nobody else is free), and the load
/// (hours per available day, evening and weekend shifts) is spread as evenly as the greedy choice allows.
/// </summary>
public static class RotaGenerator
{
    public static readonly TimeOnly MealWindowStart = new(11, 0);
    public const int MealMinutes = 60;

    public static IReadOnlyList<RotaLine> Generate(RotaInput input)
    {
        var lines = new List<RotaLine>();
        var hours = input.Staff.ToDictionary(s => s.UserId, _ => 0.0);
        var extended = input.Staff.ToDictionary(s => s.UserId, _ => 0);
        var shifts = input.Staff.ToDictionary(s => s.UserId, _ => 0);
        var days = input.Periods.Select(p => p.Day).Distinct().ToList();
        var available = input.Staff.ToDictionary(s => s.UserId, s => Math.Max(1, days.Count(d => !input.Leave.Contains((s.UserId, d)))));
        var posts = input.Posts.OrderBy(p => p.Order).ToList();
        var order = input.Staff.Select((s, i) => (s, i)).ToDictionary(x => x.s.UserId, x => x.i);

        foreach (var day in days.Order())
        {
            var taken = new Dictionary<string, List<(TimeOnly Start, TimeOnly End)>>();
            // Extended periods first: fewer people want them, so they are handed out before the day shifts use everyone up.
            foreach (var period in input.Periods.Where(p => p.Day == day).OrderByDescending(p => p.IsExtended).ThenBy(p => p.Start))
            {
                var length = (period.End - period.Start).TotalHours;
                var meals = NeedsMeal(period);
                for (var i = 0; i < Math.Min(period.PostsOpen, posts.Count); i++)
                {
                    foreach (var role in new[] { PairRole.A, PairRole.B })
                    {
                        // Nobody twice at once; a second shift the same day only when everyone free has one already.
                        var pick = input.Staff
                            .Where(s => !input.Leave.Contains((s.UserId, day))
                                && !(taken.TryGetValue(s.UserId, out var mine) && mine.Any(t => t.Start < period.End && period.Start < t.End)))
                            .OrderBy(s => taken.ContainsKey(s.UserId) ? 1 : 0)
                            .ThenBy(s => period.IsExtended ? extended[s.UserId] : 0)
                            .ThenBy(s => hours[s.UserId] / available[s.UserId])
                            .ThenBy(s => (order[s.UserId] + day.DayNumber) % input.Staff.Count)
                            .FirstOrDefault();
                        if (pick is null) continue; // nobody left: the checker reports the gap
                        var (mealStart, mealEnd) = meals ? Meal(i, role) : ((TimeOnly?)null, (TimeOnly?)null);
                        lines.Add(new RotaLine(day, posts[i].Id, role, period.Start, period.End, period.IsExtended, mealStart, mealEnd, pick.UserId, pick.Name));
                        if (!taken.TryGetValue(pick.UserId, out var list)) taken[pick.UserId] = list = [];
                        list.Add((period.Start, period.End));
                        hours[pick.UserId] += length - (meals ? MealMinutes / 60.0 : 0);
                        shifts[pick.UserId]++;
                        if (period.IsExtended) extended[pick.UserId]++;
                    }
                }
            }
        }
        return lines;
    }

    /// <summary>A period covering the whole meal window gets staggered meals.</summary>
    public static bool NeedsMeal(RotaPeriod p) => p.Start <= MealWindowStart && p.End >= MealWindowStart.AddMinutes(3 * 60);

    /// <summary>A of post i eats from 11:00 + 30 min × i, B right after A, so each pair always has one at the desk.</summary>
    public static (TimeOnly, TimeOnly) Meal(int postIndex, PairRole role)
    {
        var start = MealWindowStart.AddMinutes(30 * postIndex + (role == PairRole.B ? MealMinutes : 0));
        return (start, start.AddMinutes(MealMinutes));
    }

    /// <summary>Every rule the rota must keep; each broken rule is one conflict a person can read and act on.</summary>
    public static IReadOnlyList<RotaConflict> Check(RotaInput input, IReadOnlyList<RotaLine> lines)
    {
        var conflicts = new List<RotaConflict>();
        var posts = input.Posts.OrderBy(p => p.Order).ToList();
        string D(DateOnly d) => $"{d.Month}月{d.Day}日";
        foreach (var period in input.Periods.OrderBy(p => p.Day).ThenBy(p => p.Start))
        {
            for (var i = 0; i < Math.Min(period.PostsOpen, posts.Count); i++)
            {
                var post = posts[i];
                var where = $"{post.Name} {period.Start:HH\\:mm}-{period.End:HH\\:mm}";
                var on = lines.Where(l => l.Day == period.Day && l.PostId == post.Id && l.Start < period.End && l.End > period.Start).ToList();
                var a = on.Where(l => l.Role == PairRole.A).ToList();
                var b = on.Where(l => l.Role == PairRole.B).ToList();
                if (a.Count == 0) conflicts.Add(new(period.Day, where, $"{D(period.Day)}{where}缺少A岗"));
                if (b.Count == 0) conflicts.Add(new(period.Day, where, $"{D(period.Day)}{where}缺少B岗（AB岗须成对）"));
                if (a.Count > 0 && b.Count > 0 && a.Any(x => b.Any(y => y.UserId == x.UserId)))
                    conflicts.Add(new(period.Day, where, $"{D(period.Day)}{where}的A岗和B岗是同一人"));
                foreach (var x in a)
                    foreach (var y in b.Where(y => x.MealStart is not null && y.MealStart is not null && x.MealStart < y.MealEnd && y.MealStart < x.MealEnd))
                        conflicts.Add(new(period.Day, where, $"{D(period.Day)}{where}：{x.StaffName}和{y.StaffName}就餐时间重叠，须错峰"));
                foreach (var gap in Gaps(period, on.Where(l => !input.Leave.Contains((l.UserId, l.Day)))))
                    conflicts.Add(new(period.Day, where, $"{D(period.Day)}{post.Name} {gap.Start:HH\\:mm}-{gap.End:HH\\:mm}无人在岗"));
            }
        }
        foreach (var l in lines.Where(l => input.Leave.Contains((l.UserId, l.Day))))
            conflicts.Add(new(l.Day, l.StaffName, $"{D(l.Day)}{l.StaffName}请假，不能排班"));
        foreach (var group in lines.GroupBy(l => (l.UserId, l.Day)))
        {
            var list = group.OrderBy(l => l.Start).ToList();
            for (var i = 1; i < list.Count; i++)
                if (list[i].Start < list[i - 1].End)
                    conflicts.Add(new(group.Key.Day, list[i].StaffName, $"{D(group.Key.Day)}{list[i].StaffName}同时排在两个岗位（{list[i - 1].Start:HH\\:mm}-{list[i - 1].End:HH\\:mm}与{list[i].Start:HH\\:mm}-{list[i].End:HH\\:mm}）"));
        }
        return conflicts;
    }

    /// <summary>Stretches of an opening period when nobody on the post is at the desk (not assigned, or at their meal).</summary>
    public static IEnumerable<(TimeOnly Start, TimeOnly End)> Gaps(RotaPeriod period, IEnumerable<RotaLine> on)
    {
        var present = new List<(int From, int To)>();
        foreach (var l in on)
        {
            int s = Minutes(l.Start), e = Minutes(l.End);
            if (l.MealStart is { } ms && l.MealEnd is { } me)
            {
                present.Add((s, Minutes(ms)));
                present.Add((Minutes(me), e));
            }
            else present.Add((s, e));
        }
        var cursor = Minutes(period.Start);
        var end = Minutes(period.End);
        foreach (var (from, to) in present.Where(p => p.To > p.From).OrderBy(p => p.From))
        {
            if (from > cursor && cursor < end) yield return (TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(cursor)), TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(Math.Min(from, end))));
            cursor = Math.Max(cursor, to);
        }
        if (cursor < end) yield return (TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(cursor)), period.End);
    }

    public static IReadOnlyList<RotaLoad> Loads(RotaInput input, IReadOnlyList<RotaLine> lines)
    {
        var days = input.Periods.Select(p => p.Day).Distinct().ToList();
        return [.. input.Staff.Select(s =>
        {
            var mine = lines.Where(l => l.UserId == s.UserId).ToList();
            var hours = mine.Sum(l => (l.End - l.Start).TotalHours - (l.MealStart is null ? 0 : MealMinutes / 60.0));
            return new RotaLoad(s.UserId, s.Name, Math.Round(hours, 1), mine.Count, mine.Count(l => l.IsExtended), days.Count(d => !input.Leave.Contains((s.UserId, d))));
        })];
    }

    private static int Minutes(TimeOnly t) => t.Hour * 60 + t.Minute;
}
