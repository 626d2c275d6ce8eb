using System.Globalization;
using System.Net;
using System.Text;

namespace Search.Bench.Report;

/// <summary>One line of the plot: a label, a colour, a dash pattern and (index size, milliseconds) points.</summary>
internal sealed record PlotSeries(string Label, string Colour, bool Dashed, IReadOnlyList<(int Size, double Milliseconds)> Points);

/// <summary>A hand-written SVG line chart of latency against index size, both axes log-scaled (the two sides differ by orders of magnitude).</summary>
internal static class LatencyPlot
{
    private const int Width = 720;
    private const int Height = 420;
    private const int Left = 70;
    private const int Right = 190;
    private const int Top = 40;
    private const int Bottom = 60;

    public static string Render(string title, IReadOnlyList<PlotSeries> series)
    {
        var sizes = series.SelectMany(s => s.Points.Select(p => p.Size)).Distinct().Order().ToList();
        var values = series.SelectMany(s => s.Points.Select(p => p.Milliseconds)).Where(v => v > 0).DefaultIfEmpty(1).ToList();
        var (minDecade, maxDecade) = ((int)Math.Floor(Math.Log10(values.Min())), (int)Math.Ceiling(Math.Log10(values.Max())));
        if (maxDecade == minDecade)
        {
            maxDecade++;
        }

        var (minLog, maxLog) = (Math.Log10(sizes.DefaultIfEmpty(1).Min()), Math.Log10(sizes.DefaultIfEmpty(10).Max()));
        if (maxLog - minLog < 1e-9)
        {
            (minLog, maxLog) = (minLog - 0.5, maxLog + 0.5);
        }

        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(int size) => Left + ((Math.Log10(size) - minLog) / (maxLog - minLog) * plotWidth);
        double Y(double ms) => Top + plotHeight - ((Math.Log10(Math.Max(ms, 1e-3)) - minDecade) / (maxDecade - minDecade) * plotHeight);

        var svg = new StringBuilder();
        svg.AppendLine(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">"));
        svg.AppendLine(Invariant($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>"));
        svg.AppendLine(Invariant($"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>"));
        for (var decade = minDecade; decade <= maxDecade; decade++)
        {
            foreach (var step in decade < maxDecade ? new[] { 1, 2, 5 } : [1])
            {
                var ms = step * Math.Pow(10, decade);
                var colour = step == 1 ? "#ccc" : "#eee";
                svg.AppendLine(Invariant($"<line x1=\"{Left}\" y1=\"{Y(ms):0.#}\" x2=\"{Left + plotWidth}\" y2=\"{Y(ms):0.#}\" stroke=\"{colour}\"/>"));
                svg.AppendLine(Invariant($"<text x=\"{Left - 8}\" y=\"{Y(ms) + 4:0.#}\" text-anchor=\"end\">{ms:0.###}</text>"));
            }
        }

        foreach (var size in sizes)
        {
            svg.AppendLine(Invariant($"<line x1=\"{X(size):0.#}\" y1=\"{Top}\" x2=\"{X(size):0.#}\" y2=\"{Top + plotHeight}\" stroke=\"#eee\"/>"));
            svg.AppendLine(Invariant($"<text x=\"{X(size):0.#}\" y=\"{Top + plotHeight + 18}\" text-anchor=\"middle\">{size:N0}</text>"));
        }

        svg.AppendLine(Invariant($"<line x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Left + plotWidth}\" y2=\"{Top + plotHeight}\" stroke=\"black\"/>"));
        svg.AppendLine(Invariant($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotHeight}\" stroke=\"black\"/>"));
        svg.AppendLine(Invariant($"<text x=\"{Left + (plotWidth / 2)}\" y=\"{Height - 15}\" text-anchor=\"middle\">documents in the index (log scale)</text>"));
        svg.AppendLine(Invariant($"<text x=\"18\" y=\"{Top + (plotHeight / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 18 {Top + (plotHeight / 2)})\">latency (ms, log scale)</text>"));

        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var dash = s.Dashed ? " stroke-dasharray=\"6 4\"" : string.Empty;
            var points = string.Join(' ', s.Points.OrderBy(p => p.Size).Select(p => Invariant($"{X(p.Size):0.#},{Y(p.Milliseconds):0.#}")));
            svg.AppendLine(Invariant($"<polyline points=\"{points}\" fill=\"none\" stroke=\"{s.Colour}\" stroke-width=\"2\"{dash}/>"));
            foreach (var p in s.Points)
            {
                svg.AppendLine(Invariant($"<circle cx=\"{X(p.Size):0.#}\" cy=\"{Y(p.Milliseconds):0.#}\" r=\"3.5\" fill=\"{s.Colour}\"><title>{Escape(s.Label)}: {p.Milliseconds:0.###} ms at {p.Size:N0}</title></circle>"));
            }

            var legendY = Top + 10 + (i * 22);
            var legendX = Left + plotWidth + 15;
            svg.AppendLine(Invariant($"<line x1=\"{legendX}\" y1=\"{legendY}\" x2=\"{legendX + 28}\" y2=\"{legendY}\" stroke=\"{s.Colour}\" stroke-width=\"2\"{dash}/>"));
            svg.AppendLine(Invariant($"<text x=\"{legendX + 34}\" y=\"{legendY + 4}\">{Escape(s.Label)}</text>"));
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }


    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
