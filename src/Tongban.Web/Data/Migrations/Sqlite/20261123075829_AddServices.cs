using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddServices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DailyClose",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Received = table.Column<int>(type: "INTEGER", nullable: false),
                    Finished = table.Column<int>(type: "INTEGER", nullable: false),
                    CarriedOver = table.Column<int>(type: "INTEGER", nullable: false),
                    Defects = table.Column<int>(type: "INTEGER", nullable: false),
                    SecondTrips = table.Column<int>(type: "INTEGER", nullable: false),
                    AverageWindowMinutes = table.Column<double>(type: "REAL", nullable: true),
                    LinesJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyClose", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OpeningPeriod",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    Start = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    End = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    IsExtended = table.Column<bool>(type: "INTEGER", nullable: false),
                    PostsOpen = table.Column<int>(type: "INTEGER", nullable: false),
                    AppointmentSeats = table.Column<int>(type: "INTEGER", nullable: false),
                    SlotMinutes = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OpeningPeriod", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RotaAssignment",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PostId = table.Column<int>(type: "INTEGER", nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    Start = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    End = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    IsExtended = table.Column<bool>(type: "INTEGER", nullable: false),
                    MealStart = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    MealEnd = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    StaffName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IsManual = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RotaAssignment", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServicePost",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServicePost", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StaffLeave",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    StaffName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffLeave", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StaffSkill",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ServiceItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Progress = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffSkill", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ApplicationEvent",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApplicationEvent", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ApplicationMaterial",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    MaterialId = table.Column<int>(type: "INTEGER", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IsMinor = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsExtra = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ListedOnTrip = table.Column<int>(type: "INTEGER", nullable: true),
                    ReceivedOnTrip = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApplicationMaterial", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Appointment",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ServiceItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Seat = table.Column<int>(type: "INTEGER", nullable: false),
                    IsExtended = table.Column<bool>(type: "INTEGER", nullable: false),
                    ActiveKey = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ApplicantName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    PhoneCipher = table.Column<string>(type: "TEXT", nullable: false),
                    PhoneMasked = table.Column<string>(type: "TEXT", maxLength: 11, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    BookedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReminderQueuedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CancelledAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Appointment", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceApplication",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ServiceItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    ServiceItemVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Channel = table.Column<int>(type: "INTEGER", nullable: false),
                    AppointmentId = table.Column<long>(type: "INTEGER", nullable: true),
                    ResidentId = table.Column<int>(type: "INTEGER", nullable: true),
                    ApplicantName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ApplicantPhoneCipher = table.Column<string>(type: "TEXT", nullable: true),
                    ApplicantPhoneMasked = table.Column<string>(type: "TEXT", maxLength: 11, nullable: true),
                    OwnerUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    OwnerName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    HelperUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    HelperName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PromisedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ToleranceDueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    TransferLevel = table.Column<int>(type: "INTEGER", nullable: true),
                    TransferredTo = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    TransferReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RejectReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Result = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Trips = table.Column<int>(type: "INTEGER", nullable: false),
                    HasDefect = table.Column<bool>(type: "INTEGER", nullable: false),
                    DefectNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ArchivedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RowVersion = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceApplication", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceItem",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    IsPublic = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsWithdrawn = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsSample = table.Column<bool>(type: "INTEGER", nullable: false),
                    CurrentVersionId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceItem", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceItemVersion",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ServiceItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Group = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Duty = table.Column<int>(type: "INTEGER", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Eligibility = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Steps = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DecidedAt = table.Column<int>(type: "INTEGER", nullable: false),
                    DecidingUnit = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TimeLimitWorkingDays = table.Column<int>(type: "INTEGER", nullable: false),
                    Fees = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LegalBasis = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CanDoOnline = table.Column<bool>(type: "INTEGER", nullable: false),
                    CanDoAtHome = table.Column<bool>(type: "INTEGER", nullable: false),
                    ToleranceMaxMissing = table.Column<int>(type: "INTEGER", nullable: false),
                    ToleranceDays = table.Column<int>(type: "INTEGER", nullable: false),
                    SearchText = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceItemVersion", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceItemVersion_ServiceItem_ServiceItemId",
                        column: x => x.ServiceItemId,
                        principalTable: "ServiceItem",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ServiceMaterial",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Form = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    IsMinor = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceMaterial", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceMaterial_ServiceItemVersion_VersionId",
                        column: x => x.VersionId,
                        principalTable: "ServiceItemVersion",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApplicationEvent_ApplicationId_At",
                table: "ApplicationEvent",
                columns: new[] { "ApplicationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ApplicationMaterial_ApplicationId",
                table: "ApplicationMaterial",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_Appointment_ActiveKey",
                table: "Appointment",
                column: "ActiveKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Appointment_AreaPath",
                table: "Appointment",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_Appointment_Code",
                table: "Appointment",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Appointment_CommunityId_StartsAt",
                table: "Appointment",
                columns: new[] { "CommunityId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Appointment_ServiceItemId",
                table: "Appointment",
                column: "ServiceItemId");

            migrationBuilder.CreateIndex(
                name: "IX_Appointment_Status_StartsAt",
                table: "Appointment",
                columns: new[] { "Status", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DailyClose_AreaPath",
                table: "DailyClose",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_DailyClose_CommunityId_Day",
                table: "DailyClose",
                columns: new[] { "CommunityId", "Day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OpeningPeriod_AreaPath",
                table: "OpeningPeriod",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_OpeningPeriod_CommunityId_Day",
                table: "OpeningPeriod",
                columns: new[] { "CommunityId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_RotaAssignment_AreaPath",
                table: "RotaAssignment",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_RotaAssignment_CommunityId_Day",
                table: "RotaAssignment",
                columns: new[] { "CommunityId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_RotaAssignment_UserId_Day",
                table: "RotaAssignment",
                columns: new[] { "UserId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceApplication_AreaPath",
                table: "ServiceApplication",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceApplication_CommunityId_ReceivedAt",
                table: "ServiceApplication",
                columns: new[] { "CommunityId", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceApplication_Number",
                table: "ServiceApplication",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceApplication_OwnerUserId_State",
                table: "ServiceApplication",
                columns: new[] { "OwnerUserId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceApplication_ServiceItemId",
                table: "ServiceApplication",
                column: "ServiceItemId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceApplication_ServiceItemVersionId_State",
                table: "ServiceApplication",
                columns: new[] { "ServiceItemVersionId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceItem_Code",
                table: "ServiceItem",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceItem_CurrentVersionId",
                table: "ServiceItem",
                column: "CurrentVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceItemVersion_ServiceItemId_Number",
                table: "ServiceItemVersion",
                columns: new[] { "ServiceItemId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceMaterial_VersionId",
                table: "ServiceMaterial",
                column: "VersionId");

            migrationBuilder.CreateIndex(
                name: "IX_ServicePost_AreaPath",
                table: "ServicePost",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_ServicePost_CommunityId_Order",
                table: "ServicePost",
                columns: new[] { "CommunityId", "Order" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StaffLeave_AreaPath",
                table: "StaffLeave",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_StaffLeave_CommunityId_From",
                table: "StaffLeave",
                columns: new[] { "CommunityId", "From" });

            migrationBuilder.CreateIndex(
                name: "IX_StaffSkill_ServiceItemId",
                table: "StaffSkill",
                column: "ServiceItemId");

            migrationBuilder.CreateIndex(
                name: "IX_StaffSkill_UserId_ServiceItemId",
                table: "StaffSkill",
                columns: new[] { "UserId", "ServiceItemId" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_ApplicationEvent_ServiceApplication_ApplicationId",
                table: "ApplicationEvent",
                column: "ApplicationId",
                principalTable: "ServiceApplication",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_ApplicationMaterial_ServiceApplication_ApplicationId",
                table: "ApplicationMaterial",
                column: "ApplicationId",
                principalTable: "ServiceApplication",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_Appointment_ServiceItem_ServiceItemId",
                table: "Appointment",
                column: "ServiceItemId",
                principalTable: "ServiceItem",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_ServiceApplication_ServiceItemVersion_ServiceItemVersionId",
                table: "ServiceApplication",
                column: "ServiceItemVersionId",
                principalTable: "ServiceItemVersion",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_ServiceApplication_ServiceItem_ServiceItemId",
                table: "ServiceApplication",
                column: "ServiceItemId",
                principalTable: "ServiceItem",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_ServiceItem_ServiceItemVersion_CurrentVersionId",
                table: "ServiceItem",
                column: "CurrentVersionId",
                principalTable: "ServiceItemVersion",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ServiceItemVersion_ServiceItem_ServiceItemId",
                table: "ServiceItemVersion");

            migrationBuilder.DropTable(
                name: "ApplicationEvent");

            migrationBuilder.DropTable(
                name: "ApplicationMaterial");

            migrationBuilder.DropTable(
                name: "Appointment");

            migrationBuilder.DropTable(
                name: "DailyClose");

            migrationBuilder.DropTable(
                name: "OpeningPeriod");

            migrationBuilder.DropTable(
                name: "RotaAssignment");

            migrationBuilder.DropTable(
                name: "ServiceMaterial");

            migrationBuilder.DropTable(
                name: "ServicePost");

            migrationBuilder.DropTable(
                name: "StaffLeave");

            migrationBuilder.DropTable(
                name: "StaffSkill");

            migrationBuilder.DropTable(
                name: "ServiceApplication");

            migrationBuilder.DropTable(
                name: "ServiceItem");

            migrationBuilder.DropTable(
                name: "ServiceItemVersion");
        }
    }
}
