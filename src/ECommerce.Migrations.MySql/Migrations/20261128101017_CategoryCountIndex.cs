using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ECommerce.Migrations.MySql.Migrations
{
    /// <inheritdoc />
    public partial class CategoryCountIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Created before the old one is dropped: the foreign key on CategoryId must always have an index.
            migrationBuilder.CreateIndex(
                name: "IX_Products_CategoryId_Archived",
                table: "Products",
                columns: new[] { "CategoryId", "Archived" });

            migrationBuilder.DropIndex(
                name: "IX_Products_CategoryId",
                table: "Products");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Products_CategoryId",
                table: "Products",
                column: "CategoryId");

            migrationBuilder.DropIndex(
                name: "IX_Products_CategoryId_Archived",
                table: "Products");
        }
    }
}
