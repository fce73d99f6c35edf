using Bunit;
using ECommerce.Web.Components.Pages.Admin;
using MudBlazor.Services;

namespace ECommerce.Tests.Components;

/// <summary>The product form shows Core's errors beside their fields, where a screen reader finds them too.</summary>
public sealed class ProductFormTests : IAsyncLifetime
{
    private readonly BunitContext bunit = new();

    public Task InitializeAsync()
    {
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        bunit.Services.AddMudServices();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => bunit.DisposeAsync().AsTask();

    [Fact]
    public void Each_error_is_shown_beside_its_field_and_described_by_it()
    {
        var form = Render(new Dictionary<string, string[]>
        {
            ["sku"] = ["sku must be 1 to 64 characters: letters, digits, '-', '_' or '.'."],
            ["price"] = ["Enter the price in USD as an amount such as 12.50."],
            ["image_url"] = ["image_url must be a path on this site (starting with '/') or an http(s) URL."],
        });

        ErrorOf(form, "product-sku").ShouldBe("sku must be 1 to 64 characters: letters, digits, '-', '_' or '.'.");
        ErrorOf(form, "product-price").ShouldBe("Enter the price in USD as an amount such as 12.50.");
        ErrorOf(form, "product-image").ShouldStartWith("image_url must be a path on this site");
        foreach (var valid in new[] { "product-name", "product-description", "product-category" })
        {
            form.Find($"#{valid}").HasAttribute("aria-invalid").ShouldBeFalse(valid);
        }

        form.FindAll(".field-error").Count.ShouldBe(3);
    }

    [Fact]
    public void Fields_are_labelled_with_the_contracts_names_and_keep_what_was_typed()
    {
        var form = Render(null, new ProductFormInput { Name = "Desk lamp", Sku = "LMP-1", Price = "12.345", Category = "office", ImageUrl = "/x.png" });

        var labels = form.FindAll("label").ToDictionary(l => l.TextContent.Trim(), l => l.GetAttribute("for"));
        labels.Keys.ShouldBe(["Name", "SKU", "Description", "Price", "Category", "Image URL"], ignoreOrder: true);
        form.Find("#product-price").GetAttribute("value").ShouldBe("12.345");
        form.Find("#product-name").GetAttribute("name").ShouldBe("Input.Name");
        form.Find("#product-price").GetAttribute("aria-describedby").ShouldBe("product-price-hint");
        form.FindAll("button[type=submit]").Single().TextContent.Trim().ShouldBe("Save");
        form.FindAll("[role=alert]").ShouldBeEmpty();
    }

    [Fact]
    public void A_new_product_asks_for_its_units_on_hand()
    {
        var form = Render(new Dictionary<string, string[]> { ["stock"] = ["stock is required."] }, creating: true);

        ErrorOf(form, "product-stock").ShouldBe("stock is required.");
    }

    [Fact]
    public void A_problem_with_the_whole_form_is_announced()
    {
        var form = bunit.Render<ProductForm>(p => p
            .Add(f => f.Input, new ProductFormInput())
            .Add(f => f.FormName, "product")
            .Add(f => f.Currency, "usd")
            .Add(f => f.Problem, "Another product already has the SKU 'LMP-1'."));

        form.Find("[role=alert]").TextContent.ShouldBe("Another product already has the SKU 'LMP-1'.");
    }

    private IRenderedComponent<ProductForm> Render(Dictionary<string, string[]>? errors, ProductFormInput? input = null, bool creating = false) =>
        bunit.Render<ProductForm>(p => p
            .Add(f => f.Input, input ?? new ProductFormInput())
            .Add(f => f.FormName, "product")
            .Add(f => f.Currency, "usd")
            .Add(f => f.Creating, creating)
            .Add(f => f.Errors, errors));

    /// <summary>The error text a field is described by, after checking the field says it is invalid.</summary>
    private static string ErrorOf(IRenderedComponent<ProductForm> form, string fieldId)
    {
        var field = form.Find($"#{fieldId}");
        field.GetAttribute("aria-invalid").ShouldBe("true", fieldId);
        var described = field.GetAttribute("aria-describedby")!.Split(' ');
        var error = form.Find($"#{described.Last()}");
        error.ClassList.ShouldContain("field-error");
        return error.TextContent.Trim();
    }
}
