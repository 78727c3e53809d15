using Microsoft.AspNetCore.Identity;

namespace Tongban.Web.Features.Accounts;

/// <summary>A staff account; its area scope limits everything it can see.</summary>
public class StaffUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public int AreaId { get; set; }
    public string AreaPath { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// One append-only, hash-chained record of a change or a sensitive view. Each hash covers the previous one,
/// so editing or removing a row breaks the chain from there on.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
    public string UserName { get; set; } = "";

    /// <summary>create, update, delete, view-sensitive, export, outside-scope, sign-in, …</summary>
    public string Action { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";
    public string? AreaPath { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? Detail { get; set; }
    public string? RemoteAddress { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}

/// <summary>A lease that lets one node of many run a background job.</summary>
public class JobLease
{
    public string Name { get; set; } = "";
    public string Holder { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
}
