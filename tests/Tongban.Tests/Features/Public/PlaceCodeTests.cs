using Tongban.Web.Features.Public;

namespace Tongban.Tests.Features.Public;

[Trait("Db", "none")]
public sealed class PlaceCodeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(30)]
    [InlineData(31)]
    [InlineData(12345)]
    [InlineData(int.MaxValue)]
    public void Codes_round_trip_for_buildings_and_compounds(int id)
    {
        Assert.True(PlaceCode.TryParse(PlaceCode.ForBuilding(id), out var kind, out var parsed));
        Assert.Equal((PlaceCodeKind.Building, id), (kind, parsed));
        Assert.True(PlaceCode.TryParse(PlaceCode.ForCompound(id).ToLowerInvariant(), out kind, out parsed));
        Assert.Equal((PlaceCodeKind.Compound, id), (kind, parsed));
    }

    [Fact]
    public void Codes_are_short_and_stable()
    {
        Assert.Equal(PlaceCode.ForBuilding(3), PlaceCode.ForBuilding(3));
        Assert.True(PlaceCode.ForBuilding(9999).Length <= 5);
        Assert.NotEqual(PlaceCode.ForBuilding(5), PlaceCode.ForCompound(5));
    }

    [Fact]
    public void A_mistyped_character_or_swapped_pair_is_rejected()
    {
        var code = PlaceCode.ForBuilding(4321);
        const string alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
        for (var i = 1; i < code.Length; i++)
        {
            foreach (var c in alphabet.Where(c => c != code[i]))
                Assert.False(PlaceCode.TryParse(code[..i] + c + code[(i + 1)..], out _, out _), $"{code} 第{i}位改成 {c} 仍被接受");
            if (i + 1 < code.Length && code[i] != code[i + 1])
                Assert.False(PlaceCode.TryParse(code[..i] + code[i + 1] + code[i] + code[(i + 2)..], out _, out _));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("B")]
    [InlineData("X23")]
    [InlineData("B0O")]
    [InlineData("../etc")]
    [InlineData("BZZZZZZZZ")]
    public void Garbage_is_not_a_code(string? text) => Assert.False(PlaceCode.TryParse(text, out _, out _));
}
