#nullable enable

namespace ECommerce.Tests.Infrastructure;

/// <summary>
/// A <see cref="FactAttribute"/> for tests that need <see cref="MariaDbServer"/>: skipped (with
/// the install instructions as reason) when MariaDB is not installed, except on CI
/// (<c>CI=true</c>), where the test runs and fails so that a missing MariaDB cannot go unnoticed.
/// </summary>
public sealed class MariaDbFactAttribute : FactAttribute
{
    public MariaDbFactAttribute()
    {
        if (MariaDbServer.UnavailableReason is { } reason && !MariaDbServer.Required)
        {
            Skip = reason;
        }
    }
}

/// <summary>
/// A <see cref="TheoryAttribute"/> for tests that need <see cref="MariaDbServer"/>; skips like
/// <see cref="MariaDbFactAttribute"/>.
/// </summary>
public sealed class MariaDbTheoryAttribute : TheoryAttribute
{
    public MariaDbTheoryAttribute()
    {
        if (MariaDbServer.UnavailableReason is { } reason && !MariaDbServer.Required)
        {
            Skip = reason;
        }
    }
}
