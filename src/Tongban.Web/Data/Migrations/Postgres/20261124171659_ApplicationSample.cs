using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApplicationSample : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsSample",
                table: "ServiceApplication",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Applications the demo seeded before the flag existed (the mobile desk's, all named so) stay marked 示例.
            migrationBuilder.Sql("UPDATE \"ServiceApplication\" SET \"IsSample\" = TRUE WHERE \"ApplicantName\" = '居民（示例）'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IsSample",
                table: "ServiceApplication");
        }
    }
}
