using ECommerce.Core.Catalog;

namespace ECommerce.Bench;

/// <summary>
/// The benchmark's catalog beyond the sample products: the same products on every run and provider,
/// with names and descriptions varied enough that a search matches some of them and not all.
/// </summary>
public static class BenchCatalog
{
    /// <summary>A word about one product in eight has in its name or description; the search scenario looks for it.</summary>
    public const string SearchTerm = "wireless";

    /// <summary>The categories the sample catalog lacks, added so a category filter keeps about a twelfth of the products.</summary>
    public static IReadOnlyList<SampleCatalog.SampleCategory> ExtraCategories { get; } =
    [
        new("cameras", "Cameras"),
        new("gaming", "Gaming"),
        new("smart-home", "Smart Home"),
        new("networking", "Networking"),
        new("storage", "Storage"),
        new("tablets", "Tablets"),
    ];

    private static readonly string[] Brands =
    [
        "Zentrix", "Lumora", "Keplar", "Orvane", "Velloq", "Tidewell", "Brisko", "Fernwood",
        "Quorra", "Halden", "Nimbra", "Solvik", "Arkwell", "Pellucid", "Marlowe", "Ostrava",
    ];

    private static readonly string[] Series = ["Aero", "Pro", "Lite", "Max", "Studio", "Core", "Edge", "Nova", "Flex", "Prime", "Air", "One"];

    private static readonly Dictionary<string, string[]> Kinds = new()
    {
        ["laptops"] = ["Laptop", "Ultrabook", "Notebook", "Gaming Laptop", "Chromebook"],
        ["phones"] = ["Phone", "Smartphone", "Foldable Phone", "Rugged Phone"],
        ["audio"] = ["Headphones", "Earbuds", "Speaker", "Soundbar", "Turntable", "Microphone"],
        ["accessories"] = ["Cable", "Charger", "Case", "Sleeve", "Power Bank", "Screen Guard", "Stand"],
        ["home-office"] = ["Desk", "Chair", "Monitor", "Keyboard", "Mouse", "Desk Lamp", "Webcam"],
        ["wearables"] = ["Smartwatch", "Fitness Band", "GPS Watch", "Smart Ring", "Strap"],
        ["cameras"] = ["Mirrorless Camera", "Action Camera", "Lens", "Tripod", "Drone", "Instant Camera"],
        ["gaming"] = ["Controller", "Console", "Gaming Headset", "Racing Wheel", "Gaming Mouse"],
        ["smart-home"] = ["Smart Bulb", "Smart Plug", "Doorbell", "Thermostat", "Security Camera", "Robot Vacuum"],
        ["networking"] = ["Router", "Mesh System", "Network Switch", "Range Extender", "Modem"],
        ["storage"] = ["SSD", "Hard Drive", "Memory Card", "USB Stick", "NAS"],
        ["tablets"] = ["Tablet", "E-Reader", "Drawing Tablet", "Stylus"],
    };

    private static readonly string[] Openers =
    [
        "A {0} built to last, with a two-year warranty.",
        "Our best-selling {0}, now lighter and faster.",
        "A compact {0} for people on the move.",
        "A premium {0} in brushed aluminium.",
        "An affordable {0} that does the basics well.",
        "A {0} designed with creators in mind.",
        "The {0} reviewers called the best value of the year.",
        "A quiet, energy-efficient {0} for the home.",
    ];

    private static readonly string[] Features =
    [
        "Charges over USB-C in under an hour.",
        "Pairs with a phone in seconds over Bluetooth.",
        "Comes with a padded travel pouch.",
        "Made from 60% recycled plastics.",
        "Splash-proof to IPX4.",
        "Updates itself quietly overnight.",
        "Available in graphite, sand and sage.",
        "Backed by free returns for 30 days.",
        "Ships in plastic-free packaging.",
        "Works with every major voice assistant.",
        "Folds flat to fit in a drawer.",
        "Includes a braided two-metre cable.",
        "Runs for days on a single charge.",
    ];

    private const string WirelessFeature = "Connects over wireless or over a cable.";

    private static readonly string[] Categories = [.. Kinds.Keys];

    /// <summary>Product number <paramref name="n"/> (from 1) of the benchmark's catalog, the same every time.</summary>
    public static SampleCatalog.SampleProduct Product(int n)
    {
        var random = new Random(n * 7919);
        var category = Categories[random.Next(Categories.Length)];
        var kind = Pick(random, Kinds[category]);
        // One product in sixteen says "wireless" in its name, one in sixteen only in its description.
        var wireless = random.Next(16);
        var name = $"{Pick(random, Brands)} {Pick(random, Series)}{(wireless == 0 ? " Wireless" : "")} {kind} {random.Next(2, 99)}{"SXE"[random.Next(3)]}";
        var opener = string.Format(System.Globalization.CultureInfo.InvariantCulture, Pick(random, Openers), kind.ToLowerInvariant());
        var features = Features.OrderBy(_ => random.Next()).Take(random.Next(1, 4));
        var description = string.Join(' ', [opener, .. features, .. wireless == 1 ? [WirelessFeature] : Array.Empty<string>()]);
        var price = random.Next(5, 2500) * 100L - 1;
        var stock = random.Next(50, 500);
        return new SampleCatalog.SampleProduct($"BEN-{n:00000}", name, description, price, stock, category);
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
