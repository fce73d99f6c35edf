using ECommerce.Core.Common;

namespace ECommerce.Tests.Common;

public class MoneyTests
{
    [Theory]
    [InlineData("12.50", "usd", 1250)]
    [InlineData("12.5", "usd", 1250)]
    [InlineData(" 0.29 ", "usd", 29)]
    [InlineData("0.1", "usd", 10)]
    [InlineData("999.99", "usd", 99999)]
    [InlineData("12", "usd", 1200)]
    [InlineData("12.00", "usd", 1200)]
    [InlineData("1500", "jpy", 1500)]
    public void TryParse_reads_an_amount_in_the_major_unit_exactly(string text, string currency, long expected)
    {
        Money.TryParse(text, currency, out var minorUnits).ShouldBeTrue();

        minorUnits.ShouldBe(expected);
    }

    [Theory]
    [InlineData("12.345", "usd")]
    [InlineData("abc", "usd")]
    [InlineData("-1", "usd")]
    [InlineData("+1", "usd")]
    [InlineData("12,50", "usd")]
    [InlineData("1e3", "usd")]
    [InlineData("$12.50", "usd")]
    [InlineData("", "usd")]
    [InlineData(null, "usd")]
    [InlineData("99999999999999999999999", "usd")]
    [InlineData("5.5", "jpy")]
    public void TryParse_refuses_what_is_not_an_amount_of_the_currency(string? text, string currency)
    {
        Money.TryParse(text, currency, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(1250, "usd", "12.50")]
    [InlineData(5, "usd", "0.05")]
    [InlineData(1500, "jpy", "1500")]
    public void ToInput_writes_what_TryParse_reads_back(long minorUnits, string currency, string expected)
    {
        Money.ToInput(minorUnits, currency).ShouldBe(expected);
        Money.TryParse(expected, currency, out var back).ShouldBeTrue();
        back.ShouldBe(minorUnits);
    }
}
