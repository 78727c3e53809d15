using Tongban.Web.Data;

namespace Tongban.Web.Infrastructure;

/// <summary>
/// Reference data a module needs in every installation (default categories, built-in tags), written after the
/// migrations and before the first request. Must be idempotent: it runs at every start.
/// </summary>
public interface IStartupSeeder
{
    Task EnsureAsync(AppDbContext db, CancellationToken ct);
}
