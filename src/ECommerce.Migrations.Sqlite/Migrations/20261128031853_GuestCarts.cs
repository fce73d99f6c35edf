using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ECommerce.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class GuestCarts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // By hand: EF's rebuild would copy the new Id column as 0 into every row and break the key.
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_CartItems" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_CartItems" PRIMARY KEY AUTOINCREMENT,
                    "GuestCartId" TEXT NULL,
                    "ProductId" INTEGER NOT NULL,
                    "Quantity" INTEGER NOT NULL,
                    "UserId" INTEGER NULL,
                    CONSTRAINT "CK_CartItems_Owner" CHECK ((UserId IS NULL) <> (GuestCartId IS NULL)),
                    CONSTRAINT "FK_CartItems_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
                    CONSTRAINT "FK_CartItems_Products_ProductId" FOREIGN KEY ("ProductId") REFERENCES "Products" ("Id") ON DELETE CASCADE
                );
                INSERT INTO "ef_temp_CartItems" ("ProductId", "Quantity", "UserId") SELECT "ProductId", "Quantity", "UserId" FROM "CartItems";
                DROP TABLE "CartItems";
                ALTER TABLE "ef_temp_CartItems" RENAME TO "CartItems";
                CREATE UNIQUE INDEX "IX_CartItems_GuestCartId_ProductId" ON "CartItems" ("GuestCartId", "ProductId");
                CREATE INDEX "IX_CartItems_ProductId" ON "CartItems" ("ProductId");
                CREATE UNIQUE INDEX "IX_CartItems_UserId_ProductId" ON "CartItems" ("UserId", "ProductId");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Guests' lines have no place in the old table and are dropped.
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_CartItems" (
                    "UserId" INTEGER NOT NULL,
                    "ProductId" INTEGER NOT NULL,
                    "Quantity" INTEGER NOT NULL,
                    CONSTRAINT "PK_CartItems" PRIMARY KEY ("UserId", "ProductId"),
                    CONSTRAINT "FK_CartItems_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
                    CONSTRAINT "FK_CartItems_Products_ProductId" FOREIGN KEY ("ProductId") REFERENCES "Products" ("Id") ON DELETE CASCADE
                );
                INSERT INTO "ef_temp_CartItems" ("UserId", "ProductId", "Quantity") SELECT "UserId", "ProductId", "Quantity" FROM "CartItems" WHERE "UserId" IS NOT NULL;
                DROP TABLE "CartItems";
                ALTER TABLE "ef_temp_CartItems" RENAME TO "CartItems";
                CREATE INDEX "IX_CartItems_ProductId" ON "CartItems" ("ProductId");
                """);
        }
    }
}
