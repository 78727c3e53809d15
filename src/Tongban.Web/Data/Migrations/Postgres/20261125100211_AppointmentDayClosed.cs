using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AppointmentDayClosed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DayClosedAt",
                table: "Appointment",
                type: "timestamp with time zone",
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
