using Tongban.Web.Data;
using Tongban.Web.Features.Accounts;
using Tongban.Web.Features.Appeals;
using Tongban.Web.Features.Demo;
using Tongban.Web.Features.Disputes;
using Tongban.Web.Features.Open311;
using Tongban.Web.Features.Outreach;
using Tongban.Web.Features.People;
using Tongban.Web.Features.Places;
using Tongban.Web.Features.Public;
using Tongban.Web.Features.Services;
using Tongban.Web.Features.Shared;
using Tongban.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddTongbanInfrastructure();
builder.AddTongbanDatabase();
builder.AddAccounts();
builder.AddPlaces();
builder.AddPeople();
builder.AddAppeals();
builder.AddDisputes();
builder.AddPublic();
builder.AddServices();
builder.AddOpen311();
builder.AddOutreach();
builder.AddShell();
builder.AddDemo();

var app = builder.Build();
app.UseTongbanInfrastructure();
await app.MigrateTongbanDatabaseAsync();
await app.SeedDemoAsync();
app.MapOperations();
app.MapAccounts();
app.MapPlaces();
app.MapPeople();
app.MapAppeals();
app.MapDisputes();
app.MapPublic();
app.MapServices();
app.MapOpen311();
app.MapOutreach();
app.MapShell();
app.MapPageFallback();
await app.RunAsync();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
