namespace ECommerce.Bench;

/// <summary>The <c>--name value</c> pairs of the command line.</summary>
public sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current.StartsWith("--", StringComparison.Ordinal) ? e.Current[2..] : throw new ArgumentException($"Unexpected argument '{e.Current}'.");
            values[name] = e.MoveNext() ? e.Current : throw new ArgumentException($"--{name} needs a value.");
        }

        return new Options(values);
    }

    public string this[string name] => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    public int Int(string name) => int.Parse(this[name], System.Globalization.CultureInfo.InvariantCulture);

    public bool IsMySql => this["provider"] switch
    {
        "mysql" => true,
        "sqlite" => false,
        var other => throw new ArgumentException($"--provider must be mysql or sqlite, not '{other}'."),
    };
}
