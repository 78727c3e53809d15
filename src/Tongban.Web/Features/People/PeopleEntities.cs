using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.People;

/// <summary>户: the people registered at one dwelling.</summary>
public class Household : IAreaScoped
{
    public int Id { get; set; }
    public int DwellingId { get; set; }
    public Places.Dwelling? Dwelling { get; set; }
    public int? HeadResidentId { get; set; }
    public string AreaPath { get; set; } = "";
    public List<Resident> Members { get; set; } = [];
}

/// <summary>A resident. Sensitive fields are stored only encrypted, with keyed hashes and tails for lookup.</summary>
public class Resident : IAreaScoped
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Gender { get; set; } = "";
    public int? BirthYear { get; set; }

    public int? HouseholdId { get; set; }
    public Household? Household { get; set; }
    public string RelationshipToHead { get; set; } = ""; // 与户主关系
    public int? DwellingId { get; set; }
    public Places.Dwelling? Dwelling { get; set; }
    public string AreaPath { get; set; } = "";

    public string? IdNumberCipher { get; set; }
    public string? IdNumberHash { get; set; }
    public string? IdNumberMasked { get; set; }

    public string? PhoneCipher { get; set; }
    public string? PhoneHash { get; set; }
    public string? PhoneMasked { get; set; }

    /// <summary>Disability type and grade, or health notes: sensitive, encrypted.</summary>
    public string? HealthCipher { get; set; }

    /// <summary>Pinyin initials of the name, for "zxm"-style search.</summary>
    public string NameInitials { get; set; } = "";

    /// <summary>Space-separated search tokens (name characters and bigrams, initials, ID and phone tails, address).</summary>
    public string SearchText { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<ResidentTag> Tags { get; set; } = [];
}

/// <summary>A label for a group that needs attention (一老一小一新, disabled, party member, …).</summary>
public class Tag
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>Health or disability data: shown only to those with the sensitive permission.</summary>
    public bool IsSensitive { get; set; }
    public bool IsBuiltIn { get; set; }
}

public class ResidentTag
{
    public int ResidentId { get; set; }
    public Resident? Resident { get; set; }
    public int TagId { get; set; }
    public Tag? Tag { get; set; }
}
