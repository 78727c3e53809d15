using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CalendarChangeSettling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TailAfter",
                table: "AppealLimitRecounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TailDoneAt",
                table: "AppealLimitRecounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TailFrom",
                table: "AppealLimitRecounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TailMoved",
                table: "AppealLimitRecounts",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TailAfter",
                table: "AppealLimitRecounts");

            migrationBuilder.DropColumn(
                name: "TailDoneAt",
                table: "AppealLimitRecounts");

            migrationBuilder.DropColumn(
                name: "TailFrom",
                table: "AppealLimitRecounts");

            migrationBuilder.DropColumn(
                name: "TailMoved",
                table: "AppealLimitRecounts");
        }
    }
}
