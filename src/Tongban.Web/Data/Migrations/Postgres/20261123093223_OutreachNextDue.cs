using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutreachNextDue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HouseholdVisitDues",
                columns: table => new
                {
                    HouseholdId = table.Column<int>(type: "integer", nullable: false),
                    AreaPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    DwellingId = table.Column<int>(type: "integer", nullable: false),
                    TagCodes = table.Column<string>(type: "text", nullable: false),
                    LastVisitedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastVisitedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    RuleId = table.Column<int>(type: "integer", nullable: true),
                    IntervalDays = table.Column<int>(type: "integer", nullable: true),
                    NextDueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Stale = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HouseholdVisitDues", x => x.HouseholdId);
                    table.ForeignKey(
                        name: "FK_HouseholdVisitDues_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Visits_HouseholdId_Kind_VisitedAt",
                table: "Visits",
                columns: new[] { "HouseholdId", "Kind", "VisitedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_HouseholdVisitDues_AreaPath",
                table: "HouseholdVisitDues",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_HouseholdVisitDues_Due",
                table: "HouseholdVisitDues",
                columns: new[] { "AreaPath", "IntervalDays", "NextDueOn", "DwellingId" });

            migrationBuilder.CreateIndex(
                name: "IX_HouseholdVisitDues_Stale",
                table: "HouseholdVisitDues",
                column: "AreaPath",
                filter: "\"Stale\"");

            // Triggers that keep the rows with every household, and the first computation (Features/Outreach/VisitDues.cs).
            Tongban.Web.Features.Outreach.VisitDues.Up(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            Tongban.Web.Features.Outreach.VisitDues.Down(migrationBuilder);

            migrationBuilder.DropTable(
                name: "HouseholdVisitDues");

            migrationBuilder.DropIndex(
                name: "IX_Visits_HouseholdId_Kind_VisitedAt",
                table: "Visits");
        }
    }
}
