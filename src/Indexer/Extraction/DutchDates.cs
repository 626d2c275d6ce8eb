using System.Globalization;
using System.Text.RegularExpressions;

namespace Search.Indexer.Extraction;

/// <summary>Parses dates as Dutch sites write them: "12 maart 2018", "1 jan. 2020", "12-03-2018", ISO 8601 (pure).</summary>
public static partial class DutchDates
{
    private static readonly Dictionary<string, int> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        ["januari"] = 1, ["jan"] = 1, ["februari"] = 2, ["feb"] = 2, ["febr"] = 2, ["maart"] = 3, ["mrt"] = 3, ["mar"] = 3,
        ["april"] = 4, ["apr"] = 4, ["mei"] = 5, ["juni"] = 6, ["jun"] = 6, ["juli"] = 7, ["jul"] = 7,
        ["augustus"] = 8, ["aug"] = 8, ["september"] = 9, ["sep"] = 9, ["sept"] = 9, ["oktober"] = 10, ["okt"] = 10,
        ["november"] = 11, ["nov"] = 11, ["december"] = 12, ["dec"] = 12,
    };

    /// <summary>Parses a whole value: ISO 8601, dd-mm-yyyy, or a written Dutch date.</summary>
    public static DateOnly? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (IsoPattern().Match(value) is { Success: true } iso)
        {
            return Create(iso.Groups["y"].Value, iso.Groups["m"].Value, iso.Groups["d"].Value);
        }

        if (NumericPattern().Match(value) is { Success: true } numeric)
        {
            return Create(numeric.Groups["y"].Value, numeric.Groups["m"].Value, numeric.Groups["d"].Value);
        }

        return FindFirst(value);
    }

    /// <summary>The first written Dutch date ("12 maart 2018") or dd-mm-yyyy date in a text.</summary>
    public static DateOnly? FindFirst(string text)
    {
        foreach (Match match in WrittenPattern().Matches(text))
        {
            if (Months.TryGetValue(match.Groups["m"].Value.TrimEnd('.'), out var month)
                && Create(match.Groups["y"].Value, month.ToString(CultureInfo.InvariantCulture), match.Groups["d"].Value) is { } date)
            {
                return date;
            }
        }

        return NumericInTextPattern().Match(text) is { Success: true } numeric
            ? Create(numeric.Groups["y"].Value, numeric.Groups["m"].Value, numeric.Groups["d"].Value)
            : null;
    }

    private static DateOnly? Create(string year, string month, string day)
    {
        if (!int.TryParse(year, CultureInfo.InvariantCulture, out var y) || !int.TryParse(month, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(day, CultureInfo.InvariantCulture, out var d) || y < 1900 || y > 2100 || m < 1 || m > 12)
        {
            return null;
        }

        return d >= 1 && d <= DateTime.DaysInMonth(y, m) ? new DateOnly(y, m, d) : null;
    }

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})")]
    private static partial Regex IsoPattern();

    [GeneratedRegex(@"^(?<d>\d{1,2})[-/.](?<m>\d{1,2})[-/.](?<y>\d{4})$")]
    private static partial Regex NumericPattern();

    [GeneratedRegex(@"\b(?<d>\d{1,2})\s+(?<m>[a-zA-Z]{3,9}\.?)\s+(?<y>\d{4})\b")]
    private static partial Regex WrittenPattern();

    [GeneratedRegex(@"\b(?<d>\d{1,2})-(?<m>\d{1,2})-(?<y>\d{4})\b")]
    private static partial Regex NumericInTextPattern();
}
