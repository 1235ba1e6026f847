using System.Globalization;
using System.Text;

namespace SegmentFunctions.Cli.Report;

/// <summary>Number formats of readings and tables: invariant culture, so a report reads the same on every machine.</summary>
internal static class ReportFormat
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>A share in [0, 1] as a whole percentage ("41%"), with one decimal below 10%, "&lt;0.1%" for a positive sliver.</summary>
    public static string Percent(double share) =>
        double.IsNaN(share) ? "n/a"
        : share > 0 && share < 0.0005 ? "<0.1%"
        : Math.Abs(share) < 0.1 ? (share * 100).ToString("0.#", Culture) + "%"
        : (share * 100).ToString("0", Culture) + "%";

    public static string Number(double value, string format = "#,0.##") =>
        double.IsNaN(value) ? "n/a" : value.ToString(format, Culture);

    public static string Count(long value) => value.ToString("#,0", Culture);

    public static string Money(double value, string currency) =>
        double.IsNaN(value) ? "n/a" : $"{value.ToString("#,0", Culture)} {currency}";

    /// <summary>A camelCase column name as words for a marketer: "meanInterPurchaseDays" -> "mean inter purchase days".</summary>
    public static string Words(string columnName)
    {
        var words = new StringBuilder(columnName.Length + 8);
        for (var i = 0; i < columnName.Length; i++)
        {
            var c = columnName[i];
            var boundary = i > 0 && ((char.IsUpper(c) && !char.IsUpper(columnName[i - 1]))
                || (char.IsDigit(c) && !char.IsDigit(columnName[i - 1])));
            if (boundary)
            {
                words.Append(' ');
            }

            words.Append(char.IsUpper(c) && (i + 1 >= columnName.Length || !char.IsUpper(columnName[i + 1])) ? char.ToLowerInvariant(c) : c);
        }

        return words.ToString();
    }

    /// <summary>
    /// Breaks a long axis label into lines of at most <paramref name="maxLine"/> characters at spaces (a longer word
    /// keeps its own line), so the labels of ten segments side by side stay apart.
    /// </summary>
    public static string Wrap(string label, int maxLine = 11)
    {
        if (label.Length <= maxLine)
        {
            return label;
        }

        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in label.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > maxLine)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        lines.Add(line.ToString());
        return string.Join('\n', lines);
    }
}
