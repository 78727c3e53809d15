using Microsoft.EntityFrameworkCore;
using Tongban.Tests.Features.Appeals.Flow;
using Tongban.Web.Features.Appeals;

namespace Tongban.Tests.Features.Public;

/// <summary>
/// A tracking code is copied by hand off a screenshot, an SMS or a printed slip, and read aloud over the phone: no
/// character in it may pass for another (0/O, 1/I/L, and S/5, B/8, Z/2 as residents misread them).
/// </summary>
public sealed class TrackingCodeTests(AppealsFactory app) : IClassFixture<AppealsFactory>
{
    private const string Confusable = "0O1ILSBZ";

    [Fact]
    public void New_codes_hold_no_character_that_passes_for_another()
    {
        var codes = Enumerable.Range(0, 20_000).Select(_ => SubmitAppeal.NewTrackingCode()).ToList();
        Assert.All(codes, c => Assert.Equal(8, c.Length));
        Assert.DoesNotContain(codes, c => c.IndexOfAny(Confusable.ToCharArray()) >= 0);
        // Every character of the alphabet is used, so the codes are as hard to guess as 28^8 allows.
        Assert.Equal(SubmitAppeal.CodeAlphabet.Order(), codes.SelectMany(c => c).Distinct().Order());
    }

    [Fact]
    public async Task Demo_appeals_get_codes_from_the_same_alphabet()
    {
        await using var scope = app.SystemScope(out var db);
        var codes = await db.Appeals.Select(a => a.TrackingCode).ToListAsync();
        Assert.NotEmpty(codes);
        Assert.DoesNotContain(codes, c => c.IndexOfAny(Confusable.ToCharArray()) >= 0);
    }
}
