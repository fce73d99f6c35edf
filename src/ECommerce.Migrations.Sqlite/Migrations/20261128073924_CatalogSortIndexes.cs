using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ECommerce.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CatalogSortIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Products_Archived_CreatedAt",
                table: "Products",
                columns: new[] { "Archived", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Products_Archived_Price",
                table: "Products",
                columns: new[] { "Archived", "Price" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Products_Archived_CreatedAt",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_Archived_Price",
                table: "Products");
        }
    }
}
