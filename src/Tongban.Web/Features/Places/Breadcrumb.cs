namespace Tongban.Web.Features.Places;

/// <summary>The path shown above a Places page: linked nodes the caller sees, plain names above their scope, then the page itself.</summary>
public sealed record Breadcrumb(IReadOnlyList<AreaName> Nodes, string Current);
