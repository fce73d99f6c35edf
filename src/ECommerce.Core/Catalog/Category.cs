namespace ECommerce.Core.Catalog;

public class Category
{
    public int Id { get; private set; }

    public required string Slug { get; init; }

    public required string Name { get; set; }
}
