using ECommerce.Bench;

// bench/run.sh's helper, one command per mode:
//   ceiling --provider mysql|sqlite --connection CS --urls URL   the no-op and raw-query reference endpoints
//   stripe                                                       the tests' Stripe API stand-in; prints its base URL
//   seed --provider P --connection CS --products N --cart-users N --checkout-users N --jwt-secret S --out DIR
//   events --provider P --connection CS --webhook-secret S --out FILE
var options = Options.Parse(args.Skip(1));
return args.FirstOrDefault() switch
{
    "ceiling" => await Ceiling.RunAsync(options),
    "stripe" => await StripeHost.RunAsync(),
    "seed" => await Seeding.RunAsync(options),
    "events" => await WebhookEvents.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Harness ceiling|stripe|seed|events [--name value]...");
    return 2;
}
