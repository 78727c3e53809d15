using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tongban.Web.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<int>(type: "integer", nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Received = table.Column<int>(type: "integer", nullable: false),
                    Finished = table.Column<int>(type: "integer", nullable: false),
                    CarriedOver = table.Column<int>(type: "integer", nullable: false),
                    Defects = table.Column<int>(type: "integer", nullable: false),
                    SecondTrips = table.Column<int>(type: "integer", nullable: false),
                    AverageWindowMinutes = table.Column<double>(type: "double precision", nullable: true),
                    LinesJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyClose", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OpeningPeriod",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<int>(type: "integer", nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Day = table.Column<int>(type: "integer", nullable: false),
                    Start = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    End = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    IsExtended = table.Column<bool>(type: "boolean", nullable: false),
                    PostsOpen = table.Column<int>(type: "integer", nullable: false),
                    AppointmentSeats = table.Column<int>(type: "integer", nullable: false),
                    SlotMinutes = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OpeningPeriod", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RotaAssignment",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<int>(type: "integer", nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    PostId = table.Column<int>(type: "integer", nullable: false),
                    Role = table.Column<int>(type: "integer", nullable: false),
                    Start = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    End = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    IsExtended = table.Column<bool>(type: "boolean", nullable: false),
                    MealStart = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    MealEnd = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    StaffName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    IsManual = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RotaAssignment", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServicePost",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<int>(type: "integer", nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServicePost", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StaffLeave",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityId = table.Column<int>(type: "integer", nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    StaffName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: false),
                    To = table.Column<DateOnly>(type: "date", nullable: false),
                    Reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffLeave", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StaffSkill",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    ServiceItemId = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Progress = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffSkill", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ApplicationEvent",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ApplicationId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ActorName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApplicationEvent", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ApplicationMaterial",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ApplicationId = table.Column<long>(type: "bigint", nullable: false),
                    MaterialId = table.Column<int>(type: "integer", nullable: true),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IsMinor = table.Column<bool>(type: "boolean", nullable: false),
                    IsExtra = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    ListedOnTrip = table.Column<int>(type: "integer", nullable: true),
                    ReceivedOnTrip = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApplicationMaterial", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Appointment",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    CommunityId = table.Column<int>(type: "integer", nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    ServiceItemId = table.Column<int>(type: "integer", nullable: false),
                    StartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Seat = table.Column<int>(type: "integer", nullable: false),
                    IsExtended = table.Column<bool>(type: "boolean", nullable: false),
                    ActiveKey = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ApplicantName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    PhoneCipher = table.Column<string>(type: "text", nullable: false),
                    PhoneMasked = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    BookedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReminderQueuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CancelledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Appointment", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceApplication",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ServiceItemId = table.Column<int>(type: "integer", nullable: false),
                    ServiceItemVersionId = table.Column<int>(type: "integer", nullable: false),
                    CommunityId = table.Column<int>(type: "integer", nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    AppointmentId = table.Column<long>(type: "bigint", nullable: true),
                    ResidentId = table.Column<int>(type: "integer", nullable: true),
                    ApplicantName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    ApplicantPhoneCipher = table.Column<string>(type: "text", nullable: true),
                    ApplicantPhoneMasked = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: true),
                    OwnerUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    OwnerName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    HelperUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    HelperName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Outcome = table.Column<int>(type: "integer", nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PromisedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ToleranceDueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    TransferLevel = table.Column<int>(type: "integer", nullable: true),
                    TransferredTo = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    TransferReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RejectReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Result = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Trips = table.Column<int>(type: "integer", nullable: false),
                    HasDefect = table.Column<bool>(type: "boolean", nullable: false),
                    DefectNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ArchivedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    RowVersion = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceApplication", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceItem",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    IsPublic = table.Column<bool>(type: "boolean", nullable: false),
                    IsWithdrawn = table.Column<bool>(type: "boolean", nullable: false),
                    IsSample = table.Column<bool>(type: "boolean", nullable: false),
                    CurrentVersionId = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceItem", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceItemVersion",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ServiceItemId = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Group = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Duty = table.Column<int>(type: "integer", nullable: false),
                    Summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Eligibility = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Steps = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    DecidedAt = table.Column<int>(type: "integer", nullable: false),
                    DecidingUnit = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TimeLimitWorkingDays = table.Column<int>(type: "integer", nullable: false),
                    Fees = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    LegalBasis = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    CanDoOnline = table.Column<bool>(type: "boolean", nullable: false),
                    CanDoAtHome = table.Column<bool>(type: "boolean", nullable: false),
                    ToleranceMaxMissing = table.Column<int>(type: "integer", nullable: false),
                    ToleranceDays = table.Column<int>(type: "integer", nullable: false),
                    SearchText = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    VersionId = table.Column<int>(type: "integer", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Form = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    Notes = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    IsMinor = table.Column<bool>(type: "boolean", nullable: false)
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
