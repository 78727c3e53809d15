using Microsoft.AspNetCore.Mvc.ModelBinding;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Shared;

/// <summary>
/// A date typed into a text box (partial <c>_DateBox</c>), for free dates and ranges where a fixed list
/// (<see cref="DateChoice"/>) does not fit. An <c>&lt;input type=date&gt;</c> is drawn in the browser's locale
/// (mm/dd/yyyy in an English browser); this box takes 2026-11-25 or 2026年11月25日 (read by
/// <see cref="ChineseDateBinderProvider"/>) and shows the example in Chinese. A refused value comes back as typed, with
/// its message under the box. <paramref name="Time"/> makes it a date-and-time box (2026-11-25 14:30) for a string field
/// read by <see cref="ChineseDates.TryParseMinute"/>.
/// </summary>
public sealed record DateBox(string Id, string Name, string Label, string? Value, string? Error, bool Time = false)
{
    /// <summary>What a day box shows: the text typed when it was refused, otherwise the day as 2026-11-25.</summary>
    public static string? Shown(ModelStateDictionary state, string key, DateOnly? value) =>
        state.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.AttemptedValue : value is { } d ? ChineseDates.Iso(d) : null;

    /// <summary>
    /// The day boxes' refusals (<see cref="ChineseDateBinderProvider"/>) among <paramref name="keys"/>, by field name as the
    /// handlers name them (Form.SignedOn → signedOn), so a form posting a date it could not read is refused before it acts.
    /// </summary>
    public static Dictionary<string, string[]> Refusals(ModelStateDictionary state, params string[] keys) =>
        keys.Where(k => state.TryGetValue(k, out var e) && e.Errors.Count > 0)
            .ToDictionary(k => k[(k.LastIndexOf('.') + 1)..] is var f ? char.ToLowerInvariant(f[0]) + f[1..] : k,
                k => state[k]!.Errors.Select(e => e.ErrorMessage).ToArray());

    /// <summary>A day box: the text typed when it was refused, otherwise the day as 2026-11-25; the field's messages from the model state.</summary>
    public static DateBox Day(ModelStateDictionary state, string id, string name, string label, DateOnly? value, string? key = null)
    {
        state.TryGetValue(key ?? name, out var entry);
        return new(id, name, label, Shown(state, key ?? name, value),
            entry is { Errors.Count: > 0 } ? string.Join("；", entry.Errors.Select(e => e.ErrorMessage)) : null);
    }

    public string Example => Time ? ChineseDates.MinuteExample : ChineseDates.DayExample;

    /// <summary>The short example inside the box (a filter box at 360 px has room for little more).</summary>
    public string Placeholder => Time ? "如 2026-11-25 14:30" : "如 2026-11-25";
}
