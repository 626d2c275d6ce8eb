using System.Globalization;

namespace Search.Bench;

/// <summary>Parsing of command-line values shared by the benchmark and its scenarios; each problem is added to <c>errors</c>.</summary>
internal static class OptionValues
{
    public static int Int(string name, string value, int min, int max, List<string> errors)
    {
        if (int.TryParse(value.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            && n >= min && n <= max)
        {
            return n;
        }

        errors.Add($"{name} must be a whole number from {min} to {max}, was '{value}'.");
        return min;
    }

    /// <summary>A duration such as 15s, 500ms or 5m (a bare number is seconds).</summary>
    public static TimeSpan Span(string name, string value, List<string> errors)
    {
        var (number, unit) = value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 0.001)
            : value.EndsWith('s') ? (value[..^1], 1.0)
            : value.EndsWith('m') ? (value[..^1], 60.0)
            : (value, 1.0);
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0)
        {
            return TimeSpan.FromSeconds(n * unit);
        }

        errors.Add($"{name} must be a duration such as 15s, 500ms or 5m, was '{value}'.");
        return TimeSpan.Zero;
    }
}
