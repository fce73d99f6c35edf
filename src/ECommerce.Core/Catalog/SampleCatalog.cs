namespace ECommerce.Core.Catalog;

/// <summary>The catalog a fresh install starts with, so the shop has something to sell out of the box.</summary>
public static class SampleCatalog
{
    public sealed record SampleCategory(string Slug, string Name);

    /// <summary>A product to seed; the price is in US cents (4999 = $49.99).</summary>
    public sealed record SampleProduct(string Sku, string Name, string Description, long Price, int Stock, string CategorySlug);

    public static IReadOnlyList<SampleCategory> Categories { get; } =
    [
        new("laptops", "Laptops"),
        new("phones", "Phones"),
        new("audio", "Audio"),
        new("accessories", "Accessories"),
        new("home-office", "Home Office"),
        new("wearables", "Wearables"),
    ];

    /// <summary>The products to seed, in insertion order (the first becomes product id 1).</summary>
    public static IReadOnlyList<SampleProduct> Products { get; } =
    [
        new("LAP-001", "Zentrix Aero 15 Pro",
            "Our flagship 15-inch laptop with a 12-core processor, 32 GB of memory and a 1 TB SSD. The aluminium unibody weighs just 1.6 kg.",
            99999, 25, "laptops"),
        new("LAP-002", "Zentrix Aero 13",
            "A light 13-inch ultrabook with all-day battery life and a bright 2.5K display.",
            74999, 40, "laptops"),
        new("LAP-003", "Lumora Studio 16",
            "A 16-inch creator laptop with a colour-calibrated OLED screen and a dedicated graphics card for video editing.",
            189999, 8, "laptops"),
        new("LAP-004", "Keplar Cloudbook 14",
            "An affordable 14-inch laptop for browsing, email and schoolwork. Boots in seconds and updates itself quietly.",
            32999, 60, "laptops"),
        new("LAP-005", "Orvane Forge 17 Gaming",
            "A 17-inch gaming laptop with a 240 Hz display, per-key RGB keyboard and a vapour-chamber cooler.",
            159999, 12, "laptops"),

        new("PHN-001", "Velloq One",
            "A 6.7-inch flagship phone with a triple camera, 256 GB of storage and a two-day battery.",
            89999, 50, "phones"),
        new("PHN-002", "Velloq One Mini",
            "Everything in the Velloq One in a pocketable 5.9-inch body.",
            64999, 45, "phones"),
        new("PHN-003", "Tidewell Lite 5G",
            "A budget-friendly 5G phone with a 90 Hz screen and a headphone jack.",
            24999, 120, "phones"),
        new("PHN-004", "Brisko Rugged X",
            "A drop-proof, waterproof phone built for building sites and mountain trails.",
            39999, 30, "phones"),
        new("PHN-005", "Lumora Fold",
            "A foldable phone that opens into a 7.8-inch tablet. The hinge is rated for 300,000 folds.",
            149999, 10, "phones"),

        new("AUD-001", "Orvane Hush 700 Headphones",
            "Over-ear wireless headphones with adaptive noise cancelling and 40 hours of playback.",
            29999, 70, "audio"),
        new("AUD-002", "Tidewell Buds Air",
            "Lightweight true-wireless earbuds with a pocket-sized charging case.",
            7999, 150, "audio"),
        new("AUD-003", "Brisko Boom Speaker",
            "A splash-proof portable speaker with deep bass and a 12-hour battery.",
            5999, 90, "audio"),
        new("AUD-004", "Keplar Studio Monitor",
            "Closed-back wired headphones with a flat, accurate response for mixing and podcasting.",
            14999, 35, "audio"),
        new("AUD-005", "Zentrix Soundbar 2.1",
            "A slim soundbar with a wireless subwoofer that makes films and games sound cinematic.",
            34999, 20, "audio"),

        new("ACC-001", "Brisko USB-C Cable 2 m",
            "A braided USB-C to USB-C cable that charges at up to 100 W and survives being stepped on.",
            1299, 200, "accessories"),
        new("ACC-002", "Tidewell 65 W Charger",
            "A compact GaN wall charger with two USB-C ports and one USB-A port. Powers a laptop and a phone at once.",
            3999, 160, "accessories"),
        new("ACC-003", "Velloq Clear Case",
            "A slim, scratch-resistant clear case for the Velloq One that will not yellow over time.",
            1999, 180, "accessories"),
        new("ACC-004", "Keplar Laptop Sleeve 14",
            "A padded felt sleeve with a magnetic flap that fits most 13- and 14-inch laptops.",
            2999, 75, "accessories"),
        new("ACC-005", "Orvane 20000 mAh Power Bank",
            "A high-capacity power bank that recharges a phone four times over. Fast-charges itself in three hours.",
            4999, 110, "accessories"),
        new("ACC-006", "Lumora Screen Guard 2-Pack",
            "Two tempered-glass screen protectors with an alignment frame for a bubble-free fit.",
            999, 200, "accessories"),

        new("OFF-001", "Fernwood Standing Desk",
            "An electric sit-stand desk with a solid oak top and four memory presets.",
            54999, 15, "home-office"),
        new("OFF-002", "Fernwood Ergo Chair",
            "A mesh office chair with adjustable lumbar support, 4D armrests and a 10-year warranty.",
            39999, 18, "home-office"),
        new("OFF-003", "Keplar 27-inch 4K Monitor",
            "A 27-inch 4K IPS monitor with USB-C power delivery, so one cable connects and charges your laptop.",
            44999, 22, "home-office"),
        new("OFF-004", "Brisko Mechanical Keyboard",
            "A tenkeyless mechanical keyboard with hot-swappable tactile switches.",
            8999, 65, "home-office"),
        new("OFF-005", "Brisko Silent Mouse",
            "A wireless mouse with near-silent clicks and a battery that lasts a year.",
            2499, 140, "home-office"),
        new("OFF-006", "Lumora LED Desk Lamp",
            "A dimmable desk lamp with adjustable colour temperature and a USB charging port in the base.",
            3499, 85, "home-office"),
        new("OFF-007", "Fernwood Cable Tray & Clips",
            "An under-desk cable tray with a set of adhesive clips to tame the spaghetti behind your desk.",
            1799, 95, "home-office"),

        new("WRB-001", "Velloq Pulse Watch 2",
            "A smartwatch with an always-on display, heart-rate and sleep tracking, and contactless payments.",
            34999, 40, "wearables"),
        new("WRB-002", "Tidewell Fit Band",
            "A slim fitness band that counts steps, tracks workouts and lasts two weeks on a charge.",
            4999, 130, "wearables"),
        new("WRB-003", "Orvane Trail GPS Watch",
            "A rugged multisport GPS watch with offline maps and up to 30 days of battery.",
            44999, 20, "wearables"),
        new("WRB-004", "Lumora Smart Ring",
            "A titanium ring that tracks sleep, heart rate and recovery without a screen to distract you.",
            29999, 25, "wearables"),
        new("WRB-005", "Tidewell Sport Strap",
            "A breathable silicone replacement strap that fits Tidewell and Velloq watches.",
            1499, 150, "wearables"),
    ];

    /// <summary>The image every sample product is shown with, served by the app from wwwroot.</summary>
    public static string ImageUrlFor(string sku) => $"/images/products/{sku.ToLowerInvariant()}.svg";
}
