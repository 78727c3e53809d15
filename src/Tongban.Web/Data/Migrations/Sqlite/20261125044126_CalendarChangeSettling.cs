using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CalendarChangeSettling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "TailAfter",
                table: "AppealLimitRecounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TailDoneAt",
                table: "AppealLimitRecounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TailFrom",
                table: "AppealLimitRecounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TailMoved",
                table: "AppealLimitRecounts",
                type: "INTEGER",
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
