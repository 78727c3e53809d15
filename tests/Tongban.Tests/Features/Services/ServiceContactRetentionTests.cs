using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tongban.Web.Features.People;
using Tongban.Web.Features.Places;
using Tongban.Web.Features.Services;

namespace Tongban.Tests.Features.Services;

/// <summary>PIPL: an applicant's phone and a booking's name and phone go once their keeping period has run out.</summary>
public sealed class ServiceContactRetentionTests(ServicesFactory app) : IClassFixture<ServicesFactory>
{
    [Fact]
    public async Task Phones_of_finished_applications_and_old_bookings_are_erased_and_the_files_stay()
    {
        var (done, _) = await app.StartAsync("window1", "senior-allowance", "刘淑珍", "13900001111");
        var (stillOpen, _) = await app.StartAsync("window1", "senior-allowance", "陈国强", "13900002222");
        var itemId = await app.ItemIdAsync("senior-allowance");
        var now = DateTimeOffset.UtcNow;
        long oldBooking, nextWeek;
        await using (var scope = app.SystemScope(out var db))
        {
            var application = await db.ServiceApplications().SingleAsync(a => a.Id == done);
            (application.State, application.CompletedAt) = (ApplicationState.Completed, now.AddDays(-181));
            var open = await db.ServiceApplications().SingleAsync(a => a.Id == stillOpen);
            open.ReceivedAt = now.AddDays(-300); // open files keep the phone however old
            var community = await db.Areas.Where(a => a.Level == AreaLevel.Community).OrderBy(a => a.Code).FirstAsync();
            Appointment Booking(string code, DateTimeOffset at) => new()
            {
                Code = code, CommunityId = community.Id, AreaPath = community.AreaPath, ServiceItemId = itemId, StartsAt = at, EndsAt = at.AddMinutes(30),
                ApplicantName = "孙桂兰", PhoneCipher = "cipher", PhoneMasked = "138****8000", Status = AppointmentStatus.Booked, CreatedAt = at.AddDays(-2),
            };
            var old = Booking("RT000001", now.AddDays(-31));
            var soon = Booking("RT000002", now.AddDays(7));
            db.Appointments().AddRange(old, soon);
            await db.SaveChangesAsync();
            (oldBooking, nextWeek) = (old.Id, soon.Id);
        }

        var result = await app.Services.GetRequiredService<PersonalDataRetentionJob>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(1, result.Applications);
        Assert.Equal(1, result.Appointments);

        await using (var scope = app.SystemScope(out var db))
        {
            var finished = await db.ServiceApplications().SingleAsync(a => a.Id == done);
            Assert.Null(finished.ApplicantPhoneCipher);
            Assert.Null(finished.ApplicantPhoneMasked);
            Assert.Equal("刘淑珍", finished.ApplicantName); // the name stays with the file
            Assert.NotNull(finished.ContactErasedAt);
            Assert.NotNull((await db.ServiceApplications().SingleAsync(a => a.Id == stillOpen)).ApplicantPhoneCipher);
            var old = await db.Appointments().SingleAsync(a => a.Id == oldBooking);
            Assert.Equal(("", "", ""), (old.ApplicantName, old.PhoneCipher, old.PhoneMasked));
            Assert.Equal("孙桂兰", (await db.Appointments().SingleAsync(a => a.Id == nextWeek)).ApplicantName);
        }
        // The day list of that day says so instead of an empty cell.
        var day = now.AddDays(-31).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");
        var page = await (await app.PageClientAsync("window1")).GetStringAsync($"/Services/Appointments?day={day}");
        Assert.Contains("姓名和电话已按期删除", page);
    }
}
