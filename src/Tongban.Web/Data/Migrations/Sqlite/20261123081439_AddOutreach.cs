using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddOutreach : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DeskPlans",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: false),
                    CompoundId = table.Column<int>(type: "INTEGER", nullable: true),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CadenceDays = table.Column<int>(type: "INTEGER", nullable: false),
                    StartTime = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    EndTime = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    Staff = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Departments = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    IsPublished = table.Column<bool>(type: "INTEGER", nullable: false),
                    Cycles = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IsSample = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeskPlans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DeskSessions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlanId = table.Column<int>(type: "INTEGER", nullable: true),
                    SlotId = table.Column<int>(type: "INTEGER", nullable: true),
                    BuildingId = table.Column<int>(type: "INTEGER", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    HeldOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    StartTime = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    EndTime = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    Staff = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Departments = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    PeopleServed = table.Column<int>(type: "INTEGER", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RecordedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IsSample = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeskSessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DiaryEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: true),
                    BuildingId = table.Column<int>(type: "INTEGER", nullable: true),
                    CommunityId = table.Column<int>(type: "INTEGER", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Concern = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ResidentName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    CategoryId = table.Column<int>(type: "INTEGER", nullable: true),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    AppealId = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosingNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    WrittenBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    WrittenByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    WrittenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    IsSample = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DiaryEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VisitRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TagCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    IntervalDays = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitRules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Visits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Method = table.Column<int>(type: "INTEGER", nullable: true),
                    HouseholdId = table.Column<int>(type: "INTEGER", nullable: true),
                    DwellingId = table.Column<int>(type: "INTEGER", nullable: true),
                    BuildingId = table.Column<int>(type: "INTEGER", nullable: false),
                    GridId = table.Column<int>(type: "INTEGER", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    VisitorUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    VisitorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    VisitedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Looked = table.Column<bool>(type: "INTEGER", nullable: false),
                    Listened = table.Column<bool>(type: "INTEGER", nullable: false),
                    Asked = table.Column<bool>(type: "INTEGER", nullable: false),
                    Checked = table.Column<bool>(type: "INTEGER", nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    TagCodes = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IsSample = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Visits", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DeskSlots",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlanId = table.Column<int>(type: "INTEGER", nullable: false),
                    Cycle = table.Column<int>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    BuildingId = table.Column<int>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    StartTime = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    EndTime = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    OriginalDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RescheduleReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: true),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeskSlots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeskSlots_DeskPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "DeskPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DeskQuestions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Question = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ServiceItem = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ResolvedOnSpot = table.Column<bool>(type: "INTEGER", nullable: false),
                    ApplicationStarted = table.Column<bool>(type: "INTEGER", nullable: false),
                    FirstInquiryOwner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeskQuestions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeskQuestions_DeskSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "DeskSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VisitFindings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VisitId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    CategoryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    AppealId = table.Column<long>(type: "INTEGER", nullable: true),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitFindings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisitFindings_Visits_VisitId",
                        column: x => x.VisitId,
                        principalTable: "Visits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VisitPhotos",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VisitId = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitPhotos", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisitPhotos_Visits_VisitId",
                        column: x => x.VisitId,
                        principalTable: "Visits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DeskPlans_AreaPath",
                table: "DeskPlans",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_DeskPlans_CommunityId",
                table: "DeskPlans",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_DeskQuestions_AreaPath",
                table: "DeskQuestions",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_DeskQuestions_SessionId",
                table: "DeskQuestions",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_DeskSessions_AreaPath",
                table: "DeskSessions",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_DeskSessions_BuildingId_HeldOn",
                table: "DeskSessions",
                columns: new[] { "BuildingId", "HeldOn" });

            migrationBuilder.CreateIndex(
                name: "IX_DeskSessions_HeldOn",
                table: "DeskSessions",
                column: "HeldOn");

            migrationBuilder.CreateIndex(
                name: "IX_DeskSessions_IdempotencyKey",
                table: "DeskSessions",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DeskSlots_AreaPath",
                table: "DeskSlots",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_DeskSlots_BuildingId_Date",
                table: "DeskSlots",
                columns: new[] { "BuildingId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_DeskSlots_Date",
                table: "DeskSlots",
                column: "Date");

            migrationBuilder.CreateIndex(
                name: "IX_DeskSlots_PlanId_Cycle_BuildingId",
                table: "DeskSlots",
                columns: new[] { "PlanId", "Cycle", "BuildingId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DiaryEntries_AreaPath",
                table: "DiaryEntries",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_DiaryEntries_SessionId",
                table: "DiaryEntries",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_DiaryEntries_State_WrittenAt",
                table: "DiaryEntries",
                columns: new[] { "State", "WrittenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_VisitFindings_AppealId",
                table: "VisitFindings",
                column: "AppealId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitFindings_AreaPath",
                table: "VisitFindings",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_VisitFindings_VisitId",
                table: "VisitFindings",
                column: "VisitId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitPhotos_AreaPath",
                table: "VisitPhotos",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_VisitPhotos_VisitId",
                table: "VisitPhotos",
                column: "VisitId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitRules_TagCode",
                table: "VisitRules",
                column: "TagCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Visits_AreaPath",
                table: "Visits",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_Visits_AreaPath_Kind_BuildingId_VisitedAt",
                table: "Visits",
                columns: new[] { "AreaPath", "Kind", "BuildingId", "VisitedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Visits_AreaPath_Kind_HouseholdId_VisitedAt",
                table: "Visits",
                columns: new[] { "AreaPath", "Kind", "HouseholdId", "VisitedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Visits_IdempotencyKey",
                table: "Visits",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Visits_VisitedAt",
                table: "Visits",
                column: "VisitedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Visits_VisitorUserId_VisitedAt",
                table: "Visits",
                columns: new[] { "VisitorUserId", "VisitedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DeskQuestions");

            migrationBuilder.DropTable(
                name: "DeskSlots");

            migrationBuilder.DropTable(
                name: "DiaryEntries");

            migrationBuilder.DropTable(
                name: "VisitFindings");

            migrationBuilder.DropTable(
                name: "VisitPhotos");

            migrationBuilder.DropTable(
                name: "VisitRules");

            migrationBuilder.DropTable(
                name: "DeskSessions");

            migrationBuilder.DropTable(
                name: "DeskPlans");

            migrationBuilder.DropTable(
                name: "Visits");
        }
    }
}
