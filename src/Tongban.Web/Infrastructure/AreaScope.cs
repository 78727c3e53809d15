namespace Tongban.Web.Infrastructure;

/// <summary>A record that belongs to a place carries its area path, so scoping is one indexed range match.</summary>
public interface IAreaScoped
{
    /// <summary>Codes from the district down, each followed by "/": "990101000000/990101001000/".</summary>
    string AreaPath { get; }
}

/// <summary>
/// A record of a whole community's desk (posts, opening hours, rota, leave, daily close, applications, appointments,
/// mobile desk plans) that everyone working in the community reads, a grid worker too, whose account covers only a grid below it but who
/// takes turns on the desk: the area filter lets such a record through when its area contains the caller's as well as
/// when it lies inside it.
/// </summary>
public interface ICommunityShared : IAreaScoped;

public static class AreaPaths
{
    /// <summary>The smallest string greater than every path that starts with <paramref name="prefix"/>.</summary>
    /// <remarks>Paths hold digits and "/"; "/" + 1 is "0", so the range [prefix, upper) is exactly the subtree.</remarks>
    public static string UpperBound(string prefix) =>
        prefix.Length == 0 ? "\uffff" : string.Concat(prefix.AsSpan(0, prefix.Length - 1), ((char)(prefix[^1] + 1)).ToString());

    public static bool Contains(string? scope, string path) => scope is null || path.StartsWith(scope, StringComparison.Ordinal);

    /// <summary>
    /// The rung of the ladder an account at this path works at: 1 district (also no path: the system), 2 street,
    /// 3 community (a grid below it counts as its community). Appeals and disputes map it to their tiers.
    /// </summary>
    public static int Rung(string? scopePath) => scopePath is null ? 1 : Math.Clamp(scopePath.Count(ch => ch == '/'), 1, 3);

    /// <summary>The path of every area on <paramref name="path"/>, district first, the path itself last.</summary>
    public static IEnumerable<string> Ancestors(string path)
    {
        for (var i = 0; i < path.Length; i++)
            if (path[i] == '/') yield return path[..(i + 1)];
    }

    /// <summary>
    /// A search token naming one area ("area" + its code). Texts carry one for every area on their path, so a text index
    /// can intersect the words with the caller's area instead of finding every match in the city first.
    /// </summary>
    public static string SearchToken(string path) => SearchTokens(path).Last();

    /// <summary>The search tokens of every area on a path, district first.</summary>
    public static IEnumerable<string> SearchTokens(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(code => "area" + code);
}
