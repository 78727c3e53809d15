using System.Globalization;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Demo;

/// <summary>One invented person of a demo household.</summary>
public sealed record DemoPerson(string Name, string IdNumber, string? Phone, string? Health, string Relationship, IReadOnlyList<string> TagCodes);

/// <summary>
/// Invents households with plausible ages and tag shares (measured on the demo: 27% over 60, 12% minors, 2.2% of
/// residents elderly living alone, 2.3% disabled, 9% party members, 2.5% new-employment workers, 2% low income, 1.3%
/// veterans). Deterministic for a given seed. ID numbers use the fictional region code of the demo district and a correct check digit.
/// </summary>
public sealed class DemoPeopleGenerator(int seed, DateOnly today, string regionCode = "990101")
{
    private readonly Random _random = new(seed);
    private readonly HashSet<string> _issued = [];

    public IReadOnlyList<DemoPerson> NextHousehold()
    {
        var roll = _random.NextDouble();
        if (roll < 0.06) return [ElderAlone()];
        var size = roll switch { < 0.18 => 1, < 0.48 => 2, < 0.76 => 3, < 0.92 => 4, _ => 5 };
        var people = new List<DemoPerson>(size);
        var surname = Pick(DemoDistrict.Surnames);
        var headAge = _random.Next(26, 80);
        people.Add(Person(surname, headAge, "户主", adult: true));
        if (size >= 2) people.Add(Person(Pick(DemoDistrict.Surnames), Math.Clamp(headAge + _random.Next(-4, 5), 22, 90), "配偶", adult: true));
        for (var i = 2; i < size; i++)
        {
            if (headAge > 62 && i == 2)
            {
                people.Add(Person(surname, headAge - _random.Next(24, 34), "子女", adult: true));
                continue;
            }
            var childAge = Math.Max(0, headAge - _random.Next(22, 36));
            people.Add(Person(surname, childAge, childAge < 18 ? "子女" : "子女", adult: childAge >= 18));
        }
        return people;
    }

    private DemoPerson ElderAlone()
    {
        var p = Person(Pick(DemoDistrict.Surnames), _random.Next(66, 92), "户主", adult: true);
        return p with { TagCodes = [.. p.TagCodes.Append("elderly_alone").Distinct()] };
    }

    private DemoPerson Person(string surname, int age, string relationship, bool adult)
    {
        var name = surname + Pick(DemoDistrict.GivenCharacters) + (_random.NextDouble() < 0.7 ? Pick(DemoDistrict.GivenCharacters) : "");
        var birth = today.AddYears(-age).AddDays(-_random.Next(0, 365));
        var male = _random.Next(2) == 0;
        var id = IdNumber(birth, male);
        var tags = new List<string>();
        string? health = null;
        if (age >= 60) tags.Add("elderly");
        if (age < 18) tags.Add("child");
        if (_random.NextDouble() < 0.025)
        {
            tags.Add("disabled");
            health = Pick(DemoDistrict.DisabilityNotes);
        }
        else if (age >= 60 && _random.NextDouble() < 0.25)
        {
            health = Pick(DemoDistrict.HealthNotes);
        }
        if (adult && _random.NextDouble() < 0.10) tags.Add("party_member");
        if (adult && age is >= 20 and < 45 && _random.NextDouble() < 0.06) tags.Add("new_employment");
        if (_random.NextDouble() < 0.02) tags.Add("low_income");
        if (adult && age >= 25 && male && _random.NextDouble() < 0.03) tags.Add("veteran");
        var phone = adult || age >= 14 ? Pick(DemoDistrict.MobilePrefixes) + _random.Next(0, 100_000_000).ToString("00000000", CultureInfo.InvariantCulture) : null;
        return new DemoPerson(name, id, phone, health, relationship, tags);
    }

    private string IdNumber(DateOnly birth, bool male)
    {
        while (true)
        {
            var sequence = _random.Next(0, 500) * 2 + (male ? 1 : 0); // odd 17th digit for men, even for women
            var first17 = regionCode + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("000", CultureInfo.InvariantCulture);
            var id = first17 + ChinaIdentity.CheckCharacter(first17);
            if (_issued.Add(id)) return id;
            birth = birth.AddDays(1); // that number is taken: a day later is as plausible
        }
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}
