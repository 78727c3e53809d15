using System.Net;
using System.Net.Http.Json;
using Tongban.Tests.Infrastructure;

namespace Tongban.Tests.Features.Public;

/// <summary>
/// The shipped limits (no overrides): on Chinese mobile networks a whole estate can reach the site through one
/// carrier-grade NAT address, so the address is no longer what stops an abuser; the device is (its cookie or
/// X-Device-Id), and writes that name no device share one allowance per address.
/// </summary>
public sealed class PublicNatLimitTests(TongbanFactory factory) : IClassFixture<TongbanFactory>
{
    /// <summary>A write the limiter counts (it runs before the body is read), refused by validation so nothing is written.</summary>
    private async Task<HttpStatusCode> WriteAsync(string? device)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/public/appeals") { Content = JsonContent.Create(new { description = "没有地点" }) };
        if (device is not null) request.Headers.Add("X-Device-Id", device);
        return (await factory.CreateClient().SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Many_phones_behind_one_address_are_served_while_one_phone_or_a_cookieless_script_is_stopped()
    {
        // 45 phones of one estate, two posts each (a report and a corrected resend): 90 from one address, all answered.
        var answers = new List<HttpStatusCode>();
        for (var phone = 0; phone < 45; phone++)
            for (var n = 0; n < 2; n++) answers.Add(await WriteAsync($"estatephone{phone:D3}"));
        Assert.All(answers, s => Assert.Equal(HttpStatusCode.UnprocessableEntity, s));

        // One phone flooding is stopped at its 30 an hour.
        var flood = new List<HttpStatusCode>();
        for (var n = 0; n < 31; n++) flood.Add(await WriteAsync("floodingphone1"));
        Assert.All(flood.Take(30), s => Assert.Equal(HttpStatusCode.UnprocessableEntity, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, flood[30]);

        // So is a client that keeps no cookie and names no device: such writes of an address share one allowance (60).
        var anonymous = new List<HttpStatusCode>();
        for (var n = 0; n < 61; n++) anonymous.Add(await WriteAsync(null));
        Assert.All(anonymous.Take(60), s => Assert.Equal(HttpStatusCode.UnprocessableEntity, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, anonymous[60]);

        // Neither locks the estate out: the next phone is still served.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await WriteAsync("estatephone999"));
    }
}
