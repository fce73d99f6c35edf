namespace ECommerce.Core.Catalog;

/// <summary>A product as the back office sends it: every field optional here, required ones checked on create.</summary>
public sealed record ProductInput(
    string? Sku = null,
    string? Name = null,
    string? Description = null,
    long? Price = null,
    string? Currency = null,
    int? Stock = null,
    string? Category = null,
    string? ImageUrl = null);
