using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AppointmentDayClosed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DayClosedAt",
                table: "Appointment",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DayClosedAt",
                table: "Appointment");
        }
    }
}
