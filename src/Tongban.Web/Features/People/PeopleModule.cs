namespace Tongban.Web.Features.People;

public static class PeopleModule
{
    public static WebApplicationBuilder AddPeople(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapPeople(this WebApplication app) => app;
}
