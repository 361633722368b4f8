using System.Globalization;

namespace Frontdesk.Bench;

/// <summary>"--name value" pairs after the subcommand; a bare "--flag" reads as "true".</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public Options(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{list[i]}'.");
            }

            var name = list[i][2..];
            var hasValue = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal);
            _values[name] = hasValue ? list[++i] : "true";
        }
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public string Require(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required.");

    public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public long Long(string name, long fallback) => Get(name) is { } v ? long.Parse(v.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;

    /// <summary>The admin token: --token, else FRONTDESK_ADMIN_TOKEN, else the bench's fixed one.</summary>
    public string Token => Get("token") ?? Environment.GetEnvironmentVariable("FRONTDESK_ADMIN_TOKEN") ?? DefaultToken;

    public const string DefaultToken = "fd_bench-admin-token-0123456789abcdefghijklmnopqrstuvwxyz";
}
