namespace Tongban.Web.Features.Home;

/// <summary>Where the home page's items lead, in one place so the routes of other modules are written once.</summary>
public static class WorkbenchLinks
{
    public static string Building(int id) => $"/Places/Building/{id}";

    public static string ResidentsWithTag(string code) => $"/People?tag={Uri.EscapeDataString(code)}";
}
