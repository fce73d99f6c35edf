namespace ECommerce.Core.Accounts;

public sealed record AccountView(int Id, string Username);

public sealed record MeView(int Id, string Username, IReadOnlyList<string> Roles);

public sealed record TokenView(string Token, string TokenType, DateTime ExpiresAt);
