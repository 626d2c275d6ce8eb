using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using UglyToad.PdfPig.Fonts;
using UglyToad.PdfPig.Fonts.AdobeFontMetrics;
using UglyToad.PdfPig.Fonts.Encodings;
using UglyToad.PdfPig.Fonts.Standard14Fonts;

namespace Search.TestKit.Pdf;

/// <summary>
/// A standard-14 font addressed through WinAnsiEncoding: maps characters to single-byte codes and measures with the AFM widths.
/// PdfPig 0.1.16 itself writes standard-14 text in StandardEncoding, which has no accented letters.
/// </summary>
internal sealed class WinAnsiFont
{
    private readonly FrozenDictionary<char, byte> codes;
    private readonly FrozenDictionary<byte, double> widths;

    private WinAnsiFont(Standard14Font font)
    {
        Font = font;
        var metrics = Standard14.GetAdobeFontMetrics(font);
        var codeMap = new Dictionary<char, byte>();
        var widthMap = new Dictionary<byte, double>();
        foreach (var (code, name) in WinAnsiEncoding.Instance.CodeToNameMap)
        {
            if (code is < 32 or > 255 || !metrics.CharacterMetrics.TryGetValue(name, out AdobeFontMetricsIndividualCharacterMetric? metric))
            {
                continue;
            }

            var unicode = GlyphList.AdobeGlyphList.NameToUnicode(name);
            if (unicode is { Length: 1 } && !codeMap.ContainsKey(unicode[0]))
            {
                codeMap[unicode[0]] = (byte)code;
                widthMap[(byte)code] = metric.Width.X;
            }
        }

        codes = codeMap.ToFrozenDictionary();
        widths = widthMap.ToFrozenDictionary();
    }

    public static WinAnsiFont Regular { get; } = new(Standard14Font.Helvetica);

    public static WinAnsiFont Bold { get; } = new(Standard14Font.HelveticaBold);

    public Standard14Font Font { get; }

    public bool CanEncode(char c) => codes.ContainsKey(c);

    /// <summary>Width in points of already encodable <paramref name="text"/> at <paramref name="size"/>.</summary>
    public double Measure(string text, double size) => text.Sum(c => widths[codes[c]]) * size / 1000;

    /// <summary>Single-byte codes of already encodable <paramref name="text"/>.</summary>
    public byte[] Encode(string text) => text.Select(c => codes[c]).ToArray();

    public string ToEncodable(string text)
    {
        var normalised = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Normalize(NormalizationForm.FormC);
        var result = new StringBuilder(normalised.Length);
        for (var i = 0; i < normalised.Length; i++)
        {
            var c = normalised[i];
            if (c == '\n' || CanEncode(c))
            {
                result.Append(c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < normalised.Length && char.IsLowSurrogate(normalised[i + 1]))
            {
                result.Append('?');
                i++;
            }
            else
            {
                result.Append(Fallback(c));
            }
        }

        return result.ToString();
    }

    private string Fallback(char c)
    {
        var replacement = c switch
        {
            '\t' => "    ",
            '\u00A0' or '\u2007' or '\u2009' or '\u200A' or '\u202F' => " ",
            '\u2010' or '\u2011' or '\u2012' or '\u2212' => "-",
            '\u2015' => "--",
            '\u201B' or '\u2032' => "'",
            '\u201F' or '\u2033' => "\"",
            '\u0141' => "L",
            '\u0142' => "l",
            '\u0110' => "D",
            '\u0111' => "d",
            '\u0131' => "i",
            '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\uFEFF' => string.Empty,
            _ => null,
        };

        if (replacement is not null)
        {
            return replacement;
        }

        if (char.IsSurrogate(c) || char.IsControl(c))
        {
            return "?";
        }

        // Letters with diacritics WinAnsi lacks (ő, ş, č) fall back to their base letter.
        var baseLetters = new StringBuilder();
        foreach (var d in c.ToString().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark && CanEncode(d))
            {
                baseLetters.Append(d);
            }
        }

        return baseLetters.Length > 0 ? baseLetters.ToString() : "?";
    }
}
