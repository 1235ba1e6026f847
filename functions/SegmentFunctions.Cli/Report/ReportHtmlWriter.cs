using System.Globalization;
using System.Net;
using System.Text;

namespace SegmentFunctions.Cli.Report;

/// <summary>
/// The report page: summary (segments, sizes, revenue, churn quality), then each chart with its reading, then the
/// profile table in original units. Every text that comes from data is HTML-encoded.
/// </summary>
internal static class ReportHtmlWriter
{
    private const string Css = """
        body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #222; max-width: 1240px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
        h1 { margin-bottom: 0.2em; }
        .meta { color: #666; margin-top: 0; }
        table { border-collapse: collapse; margin: 1em 0; font-size: 0.95em; }
        th, td { border: 1px solid #ddd; padding: 0.35em 0.7em; text-align: left; vertical-align: top; }
        th { background: #f3f5f8; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .reading { font-size: 1.1em; background: #f7f9fc; border-left: 4px solid #4682b4; padding: 0.5em 0.8em; }
        .note { color: #7a5b00; background: #fff8e1; border-left: 4px solid #f0b400; padding: 0.4em 0.8em; }
        .quality { font-size: 1.1em; }
        figure { margin: 0 0 2.5em 0; }
        figure img { width: 100%; max-width: 1200px; border: 1px solid #eee; }
        """;

    public static string Write(ReportData data, IReadOnlyList<ReportChart> charts, IReadOnlyList<string> omitted)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>")
            .AppendLine("<html lang=\"en\">")
            .AppendLine("<head>")
            .AppendLine("<meta charset=\"utf-8\">")
            .AppendLine($"<title>{Encode(data.Title)}</title>")
            .AppendLine($"<style>{Css}</style>")
            .AppendLine("</head>")
            .AppendLine("<body>")
            .AppendLine($"<h1>{Encode(data.Title)}</h1>")
            .AppendLine($"<p class=\"meta\">Model {Encode(data.ModelVersion)} &middot; data as of {data.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} "
                + $"&middot; generated {data.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC</p>");

        WriteSummary(html, data);
        foreach (var note in omitted)
        {
            html.AppendLine($"<p class=\"note\">{Encode(note)}</p>");
        }

        foreach (var chart in charts)
        {
            html.AppendLine("<figure>")
                .AppendLine($"<h2>{Encode(chart.Title)}</h2>")
                .AppendLine($"<p class=\"reading\">{Encode(chart.Reading)}</p>")
                .AppendLine($"<img src=\"{Encode(chart.FileName)}\" alt=\"{Encode(chart.Title)}\" width=\"{ChartCanvas.Width}\" height=\"{ChartCanvas.Height}\">")
                .AppendLine("</figure>");
        }

        WriteProfileTable(html, data.Segments);
        html.AppendLine("</body>").AppendLine("</html>");
        return html.ToString();
    }

    private static void WriteSummary(StringBuilder html, ReportData data)
    {
        var profiles = data.Segments.Profiles;
        html.AppendLine("<h2>Summary</h2>")
            .AppendLine($"<p>{ReportFormat.Count(profiles.Customers)} customers in {data.Segments.NonEmpty.Count} segments.</p>")
            .AppendLine("<table>")
            .AppendLine("<tr><th>Segment</th><th>Customers</th><th>Share of customers</th><th>Share of revenue</th><th>Suggested action</th></tr>");
        foreach (var segment in data.Segments.NonEmpty)
        {
            html.AppendLine(
                $"<tr><td>{Encode(data.Segments.NameOf(segment.Segment))}</td>"
                + $"<td class=\"num\">{ReportFormat.Count(segment.Size)}</td>"
                + $"<td class=\"num\">{ReportFormat.Percent(segment.CustomerShare)}</td>"
                + $"<td class=\"num\">{ReportFormat.Percent(segment.RevenueShare)}</td>"
                + $"<td>{Encode(data.Segments.ActionOf(segment.Segment))}</td></tr>");
        }

        html.AppendLine("</table>");
        if (data.Churn is { } churn)
        {
            var quality = churn.Quality;
            html.AppendLine(
                $"<p class=\"quality\">Churn model quality: <strong>grade {quality.Grade}</strong> "
                + $"(ROC AUC {ReportFormat.Number(quality.Model.RocAuc, "0.00")} against {ReportFormat.Number(quality.Baseline.RocAuc, "0.00")} "
                + $"for the recency baseline, on {ReportFormat.Count(quality.Model.Count)} holdout customers). {Encode(GradeMeaning(quality.Grade))}</p>");
        }
    }

    private static string GradeMeaning(Domain.Models.Churn.QualityGrade grade) => grade switch
    {
        Domain.Models.Churn.QualityGrade.A => "Strong: use the churn scores to target retention.",
        Domain.Models.Churn.QualityGrade.B => "Useful: the scores beat the recency rule, by a modest margin.",
        _ => "Not better than the recency rule: prefer \"days since last purchase\" or BG/NBD for targeting.",
    };

    private static void WriteProfileTable(StringBuilder html, ReportSegments segments)
    {
        var profiles = segments.NonEmpty;
        var set = segments.Profiles;
        html.AppendLine("<h2>Segment profiles in original units</h2>")
            .AppendLine("<p>Each cell shows the segment's mean / median.</p>")
            .AppendLine("<table>")
            .Append("<tr><th>Feature</th>");
        foreach (var profile in profiles)
        {
            html.Append($"<th>{Encode(segments.NameOf(profile.Segment))}</th>");
        }

        html.AppendLine("<th>All customers</th></tr>");
        for (var f = 0; f < set.ColumnNames.Count; f++)
        {
            html.Append($"<tr><td>{Encode(FeatureLabels.For(set.ColumnNames[f]))}</td>");
            foreach (var profile in profiles)
            {
                html.Append($"<td class=\"num\">{ReportFormat.Number(profile.Means[f])} / {ReportFormat.Number(profile.Medians[f])}</td>");
            }

            html.AppendLine($"<td class=\"num\">{ReportFormat.Number(set.PopulationMeans[f])} / {ReportFormat.Number(set.PopulationMedians[f])}</td></tr>");
        }

        html.AppendLine("</table>");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
