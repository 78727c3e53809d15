namespace Tongban.Web.Features.Outreach;

/// <summary>
/// When a household is next due for a home visit: the shortest interval among the active rules it matches (a rule
/// without a tag matches every household), counted in Shanghai calendar days from the last home visit.
/// </summary>
public static class VisitSchedule
{
    public sealed record Rule(string? TagCode, int IntervalDays);

    /// <summary>The rule that applies to a household with these tags, or null when none does.</summary>
    public static Rule? Applying(IReadOnlyCollection<Rule> rules, IEnumerable<string> householdTags)
    {
        var tags = householdTags as ICollection<string> ?? householdTags.ToList();
        Rule? best = null;
        foreach (var rule in rules)
        {
            if (rule.TagCode is not null && !tags.Contains(rule.TagCode)) continue;
            if (best is null || rule.IntervalDays < best.IntervalDays || (rule.IntervalDays == best.IntervalDays && rule.TagCode is not null)) best = rule;
        }
        return best;
    }

    /// <summary>The day the next visit is due; a household never visited is due today.</summary>
    public static DateOnly DueOn(DateOnly? lastVisitedOn, int intervalDays, DateOnly today) =>
        lastVisitedOn is { } last ? last.AddDays(intervalDays) : today;

    public static bool IsDue(DateOnly? lastVisitedOn, int intervalDays, DateOnly today) => DueOn(lastVisitedOn, intervalDays, today) <= today;
}
