using System.Diagnostics;
using System.Globalization;
using System.Text;
using SegmentFunctions.Application.Transactions;
using SegmentFunctions.Domain.Transactions;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// Reading a transaction CSV through <see cref="TransactionFileReader"/> (CsvHelper, columns found by name, ISO 8601
/// dates parsed, amounts checked), on a generated export of 1M rows (50k with --quick) with two extra columns and
/// quoted customer ids, from a temporary file. The baseline splits the same lines on commas without parsing anything,
/// in the same run. Goal: 100,000 rows/s or more on 2 cores.
/// </summary>
internal sealed class TransactionsBench : IBenchmark
{
    private const string BaselineName = "line split, no parsing";

    public string Name => "transactions";

    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var rows = settings.Quick ? 50_000 : 1_000_000;
        var repetitions = Math.Max(1, settings.Quick ? Math.Min(settings.Repetitions, 3) : settings.Repetitions);
        var path = Path.Combine(Path.GetTempPath(), $"segment-bench-transactions-{Guid.NewGuid():N}.csv");
        try
        {
            await WriteAsync(path, rows, settings.Seed, cancellationToken);
            var options = new TransactionFileOptions(TransactionFormat.Csv);
            var reader = new double[repetitions];
            var baseline = new double[repetitions];
            for (var r = 0; r < repetitions; r++)
            {
                reader[r] = await RowsPerSecondAsync(rows, async () =>
                {
                    await using var file = TransactionFileReader.Open(path);
                    long read = 0;
                    await foreach (var unused in new TransactionFileReader(options).ReadAsync(file, cancellationToken))
                    {
                        read++;
                    }

                    return read;
                });
                baseline[r] = await RowsPerSecondAsync(rows, () => Task.FromResult(File.ReadLines(path).Skip(1).LongCount(line => line.Split(',').Length >= 3)));
            }

            return
            [
                new(Name, $"read CSV ({rows:N0} rows, 5 columns)", Median(reader), "rows/s", repetitions, Median(baseline), BaselineName, "≥ 100000 rows/s on 2 cores"),
            ];
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<double> RowsPerSecondAsync(int expected, Func<Task<long>> read)
    {
        var started = Stopwatch.GetTimestamp();
        var count = await read();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return count == expected
            ? count / seconds
            : throw new InvalidOperationException($"Read {count} rows of {expected}.");
    }

    /// <summary>An export as shops write them: order id and channel beside the three columns read, some ids quoted.</summary>
    private static async Task WriteAsync(string path, int rows, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        await writer.WriteLineAsync("orderId,customerId,timestamp,amount,channel".AsMemory(), cancellationToken);
        var line = new StringBuilder(96);
        for (var i = 0; i < rows; i++)
        {
            var customer = random.Next(200_000);
            var time = start.AddSeconds(random.Next(365 * 24 * 3600));
            var amount = Math.Round(5 + (random.NextDouble() * 200), 2);
            line.Clear();
            line.Append(CultureInfo.InvariantCulture, $"o-{i},");
            line.Append(customer % 10 == 0 ? $"\"c-{customer}, gift\"" : $"c-{customer}");
            line.Append(CultureInfo.InvariantCulture, $",{time:yyyy-MM-dd'T'HH:mm:ss'Z'},{amount},{(i % 3 == 0 ? "web" : "app")}");
            await writer.WriteLineAsync(line, cancellationToken);
        }
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
