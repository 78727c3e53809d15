using System.Globalization;

namespace Tongban.Tests.Infrastructure;

/// <summary>
/// Months ahead of today, for tests that make a rota: the demo seeds one for the current month, so a fixed month would
/// collide with it once the calendar reaches it.
/// </summary>
public static class TestMonths
{
    public static DateOnly First(int monthsAhead)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        return new DateOnly(today.Year, today.Month, 1).AddMonths(monthsAhead);
    }

    /// <summary>The month as the API and pages take it, e.g. 2027-03.</summary>
    public static string Ahead(int monthsAhead) => First(monthsAhead).ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
