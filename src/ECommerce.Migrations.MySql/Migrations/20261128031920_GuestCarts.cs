using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ECommerce.Migrations.MySql.Migrations
{
    /// <inheritdoc />
    public partial class GuestCarts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The foreign key on UserId needs an index of its own before the old key (UserId, ProductId) goes.
            migrationBuilder.CreateIndex(
                name: "IX_CartItems_UserId_ProductId",
                table: "CartItems",
                columns: new[] { "UserId", "ProductId" },
                unique: true);

            // In one statement: an AUTO_INCREMENT column must be a key from the moment it exists.
            migrationBuilder.Sql("ALTER TABLE `CartItems` DROP PRIMARY KEY, ADD COLUMN `Id` int NOT NULL AUTO_INCREMENT FIRST, ADD CONSTRAINT `PK_CartItems` PRIMARY KEY (`Id`);");

            migrationBuilder.AlterColumn<int>(
                name: "UserId",
                table: "CartItems",
                type: "int",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "int");

            migrationBuilder.AddColumn<string>(
                name: "GuestCartId",
                table: "CartItems",
                type: "char(32)",
                fixedLength: true,
                maxLength: 32,
                nullable: true)
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "IX_CartItems_GuestCartId_ProductId",
                table: "CartItems",
                columns: new[] { "GuestCartId", "ProductId" },
                unique: true);

            migrationBuilder.AddCheckConstraint(
                name: "CK_CartItems_Owner",
                table: "CartItems",
                sql: "(UserId IS NULL) <> (GuestCartId IS NULL)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Guests' lines have no place in the old table and are dropped.
            migrationBuilder.Sql("DELETE FROM `CartItems` WHERE `UserId` IS NULL;");
            migrationBuilder.DropCheckConstraint(name: "CK_CartItems_Owner", table: "CartItems");
            migrationBuilder.DropIndex(name: "IX_CartItems_GuestCartId_ProductId", table: "CartItems");
            migrationBuilder.DropColumn(name: "GuestCartId", table: "CartItems");
            migrationBuilder.AlterColumn<int>(
                name: "UserId",
                table: "CartItems",
                type: "int",
                nullable: false,
                oldClrType: typeof(int),
                oldType: "int",
                oldNullable: true);
            migrationBuilder.Sql("ALTER TABLE `CartItems` DROP PRIMARY KEY, DROP COLUMN `Id`, ADD CONSTRAINT `PK_CartItems` PRIMARY KEY (`UserId`, `ProductId`);");
            migrationBuilder.DropIndex(name: "IX_CartItems_UserId_ProductId", table: "CartItems");
        }
    }
}
