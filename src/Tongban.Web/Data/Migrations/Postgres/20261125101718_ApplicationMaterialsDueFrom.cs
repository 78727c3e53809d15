using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApplicationMaterialsDueFrom : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "MaterialsDueFrom",
                table: "ServiceApplication",
                type: "date",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MaterialsDueFrom",
                table: "ServiceApplication");
        }
    }
}
