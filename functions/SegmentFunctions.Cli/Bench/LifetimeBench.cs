using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Transactions;

namespace SegmentFunctions.Cli.Bench;

/// <summary>
/// BG/NBD and Gamma-Gamma maximum-likelihood fits on the CDNOW sample (2,357 customers, 946 repeat buyers; weeks,
/// calibration to 1997-09-30). Each fit (BFGS with the analytic gradient) is timed against Nelder-Mead on the same
/// log-likelihood from the same start, in the same run. Goal: BG/NBD fit ≤ 20 ms.
/// </summary>
internal sealed class LifetimeBench : IBenchmark
{
    private const string DataFile = "CDNOW_sample.txt";

    public string Name => "lifetime";

    public Task<IReadOnlyList<BenchFigure>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var repetitions = Math.Max(1, settings.Quick ? Math.Min(settings.Repetitions, 3) : settings.Repetitions);
        var path = LocateCdnow();

        var summaryMs = Time(repetitions, () =>
        {
            using var reader = File.OpenText(path);
            RfmSummaryBuilder.Build(
                new CdnowTransactionReader().Read(reader), new DateOnly(1997, 9, 30), new DateOnly(1998, 6, 30), LifetimeTimeUnit.Week);
        });
        using var file = File.OpenText(path);
        var summary = RfmSummaryBuilder.Build(
            new CdnowTransactionReader().Read(file), new DateOnly(1997, 9, 30), new DateOnly(1998, 6, 30), LifetimeTimeUnit.Week);
        cancellationToken.ThrowIfCancellationRequested();

        var bgNbdTrainer = new BgNbdTrainer();
        var bgNbd = bgNbdTrainer.Fit(summary);
        var bgNbdMs = Time(repetitions, () => bgNbdTrainer.Fit(summary));
        var likelihood = new BgNbdLikelihood(summary.Customers);
        double[] bgNbdStart = [0.0, Math.Log(summary.Customers.Max(c => c.Age) / 10.0), 0.0, 0.0];
        var bgNbdNelderMead = NelderMead(t => likelihood.Value(t), bgNbdStart, summary.Customers.Count);
        var bgNbdNelderMeadMs = Time(repetitions, () => NelderMead(t => likelihood.Value(t), bgNbdStart, summary.Customers.Count));
        var gradient = new double[4];
        double[] optimum = [Math.Log(bgNbd.R), Math.Log(bgNbd.Alpha), Math.Log(bgNbd.A), Math.Log(bgNbd.B)];
        const int evaluationsPerCall = 100;
        var evaluationUs = Time(repetitions, () =>
        {
            for (var i = 0; i < evaluationsPerCall; i++)
            {
                likelihood.ValueAndGradient(optimum, gradient);
            }
        }) * 1000.0 / evaluationsPerCall;
        cancellationToken.ThrowIfCancellationRequested();

        var gammaGammaTrainer = new GammaGammaTrainer();
        var gammaGamma = gammaGammaTrainer.Fit(summary);
        var gammaGammaMs = Time(repetitions, () => gammaGammaTrainer.Fit(summary));
        var repeatBuyers = summary.Customers.Where(c => c.Frequency > 0 && c.MeanRepeatSpend > 0).ToList();
        var gammaGammaLikelihood = new GammaGammaLikelihood(repeatBuyers);
        double[] gammaGammaStart = [0.0, Math.Log(2.0), Math.Log(repeatBuyers.Average(c => c.MeanRepeatSpend))];
        var gammaGammaNelderMead = NelderMead(t => gammaGammaLikelihood.Value(t), gammaGammaStart, repeatBuyers.Count);
        var gammaGammaNelderMeadMs = Time(repetitions, () => NelderMead(t => gammaGammaLikelihood.Value(t), gammaGammaStart, repeatBuyers.Count));

        var clv = new CustomerLifetimeValueCalculator(bgNbd, gammaGamma);
        var clvOptions = CustomerLifetimeValueOptions.Monthly(LifetimeTimeUnit.Week);
        var clvMs = Time(repetitions, () => clv.Calculate(summary, clvOptions));

        const string baseline = "Nelder-Mead (MathNet) on the same log-likelihood and start";
        var bgNbdName = $"{Name} BG/NBD CDNOW n={summary.Customers.Count}";
        var gammaGammaName = $"{Name} Gamma-Gamma CDNOW n={repeatBuyers.Count}";
        IReadOnlyList<BenchFigure> figures =
        [
            new(bgNbdName, "fit", bgNbdMs, "ms", repetitions, bgNbdNelderMeadMs, baseline, "<= 20 ms"),
            new(bgNbdName, "fit evaluations (BFGS / Nelder-Mead)", bgNbd.Optimization?.Evaluations ?? 0, "evaluations", 1, bgNbdNelderMead.Evaluations, baseline),
            new(bgNbdName, "log-likelihood (BFGS / Nelder-Mead)", bgNbd.LogLikelihood, "nats", 1, bgNbdNelderMead.LogLikelihood, baseline),
            new(bgNbdName, "log-likelihood + gradient evaluation", evaluationUs, "µs", repetitions),
            new(gammaGammaName, "fit", gammaGammaMs, "ms", repetitions, gammaGammaNelderMeadMs, baseline),
            new(gammaGammaName, "log-likelihood (BFGS / Nelder-Mead)", gammaGamma.LogLikelihood, "nats", 1, gammaGammaNelderMead.LogLikelihood, baseline),
            new($"{Name} summary CDNOW", "read transactions + build summary", summaryMs, "ms", repetitions),
            new($"{Name} CLV CDNOW n={summary.Customers.Count}", "12-month CLV of every customer", clvMs, "ms", repetitions),
        ];
        return Task.FromResult(figures);
    }

    /// <summary>Derivative-free baseline: MathNet's Nelder-Mead on the mean negative log-likelihood.</summary>
    private static (double LogLikelihood, int Evaluations) NelderMead(Func<double[], double> logLikelihood, double[] start, int customers)
    {
        var evaluations = 0;
        var objective = ObjectiveFunction.Value(theta =>
        {
            evaluations++;
            return -logLikelihood(theta.ToArray()) / customers;
        });
        var result = new NelderMeadSimplex(1e-12, 20_000).FindMinimum(objective, Vector<double>.Build.DenseOfArray(start));
        return (-result.FunctionInfoAtMinimum.Value * customers, evaluations);
    }

    /// <summary>
    /// Median milliseconds per call after a warm-up long enough (50 calls or 1 s) for the JIT to reach its optimised
    /// tier: the fits take about a millisecond, so a single warm-up call would time tier-0 code.
    /// </summary>
    private static double Time(int repetitions, Action action)
    {
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; i < 50 && warmUp.ElapsedMilliseconds < 1000; i++)
        {
            action();
        }

        var milliseconds = new double[repetitions];
        for (var r = 0; r < repetitions; r++)
        {
            var started = Stopwatch.GetTimestamp();
            action();
            milliseconds[r] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(milliseconds);
        return repetitions % 2 == 1
            ? milliseconds[repetitions / 2]
            : (milliseconds[(repetitions / 2) - 1] + milliseconds[repetitions / 2]) / 2.0;
    }

    /// <summary>The sample ships with the repository: tests/data/cdnow under the folder holding SegmentFunctions.sln.</summary>
    private static string LocateCdnow()
    {
        foreach (var origin in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "data", "cdnow", DataFile);
                if (File.Exists(Path.Combine(dir.FullName, "SegmentFunctions.sln")) && File.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        throw new FileNotFoundException(
            $"The lifetime benchmark reads {DataFile} from tests/data/cdnow in the repository; it was not found above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}.",
            DataFile);
    }
}
