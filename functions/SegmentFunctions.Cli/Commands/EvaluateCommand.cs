using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using SegmentFunctions.Application.Evaluation;
using SegmentFunctions.Application.Transactions;
using SegmentFunctions.Cli.Evaluate;
using SegmentFunctions.Domain.Models.Lifetime;
using SegmentFunctions.Domain.Transactions;
using Spectre.Console;

namespace SegmentFunctions.Cli.Commands;

/// <summary>
/// `segment evaluate --transactions FILE --format cdnow|csv|parquet [column options] --calibration-end DATE --holdout-end DATE
/// --time-unit day|week [--json]`: backtests BG/NBD, Gamma-Gamma, the churn models and the segmentation on a transaction
/// file. A bad line, row or column, or bad data, is one message on standard error and exit code 2.
/// </summary>
internal sealed class EvaluateCommand(IAnsiConsole console, TextWriter output, TextWriter error, TimeProvider time)
{
    // Messages quote column names; relaxed escaping keeps them readable instead of \u0027.
    private static readonly EvaluateJsonContext JsonTypes = new(new JsonSerializerOptions(EvaluateJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private readonly Option<FileInfo> _transactions = new("--transactions", "-t")
    {
        Description = "Transaction file: CDNOW data, a CSV with a header line, or Parquet (see --format).",
        Required = true,
    };

    private readonly TransactionFileArguments _file = new(formatRequired: true);

    private readonly Option<DateOnly> _calibrationEnd = new("--calibration-end")
    {
        Description = "Last day of the calibration period (yyyy-MM-dd), inclusive.",
        Required = true,
        CustomParser = ParseDate,
    };

    private readonly Option<DateOnly> _holdoutEnd = new("--holdout-end")
    {
        Description = "Last day of the holdout period (yyyy-MM-dd), inclusive; its length is also the churn window.",
        Required = true,
        CustomParser = ParseDate,
    };

    private readonly Option<string> _timeUnit = new("--time-unit")
    {
        Description = "Unit of BG/NBD's time: day or week.",
        Required = true,
    };

    private readonly Option<bool> _json = new("--json") { Description = "Write the figures as JSON to standard output instead of tables." };

    public Command Create()
    {
        _timeUnit.AcceptOnlyFromAmong("day", "week");
        var command = new Command("evaluate", "Backtest the lifetime, churn and segmentation models on a transaction file.")
        {
            _transactions, _calibrationEnd, _holdoutEnd, _timeUnit, _json,
        };
        _file.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetRequiredValue(_transactions),
            new BacktestRequest(
                _file.Bind(parseResult)!,
                parseResult.GetRequiredValue(_calibrationEnd),
                parseResult.GetRequiredValue(_holdoutEnd),
                parseResult.GetRequiredValue(_timeUnit) == "day" ? LifetimeTimeUnit.Day : LifetimeTimeUnit.Week),
            parseResult.GetValue(_json),
            cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(FileInfo file, BacktestRequest request, bool json, CancellationToken cancellationToken)
    {
        BacktestResult result;
        try
        {
            await using var stream = TransactionFileReader.Open(file.FullName);
            result = await new BacktestEvaluator(time).EvaluateAsync(stream, request, cancellationToken);
        }
        catch (TransactionFileException ex)
        {
            return await FailAsync($"{file.Name}, {ex.Where}: {ex.Reason}");
        }
        catch (BacktestException ex)
        {
            return await FailAsync(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return await FailAsync($"Cannot read the transactions file '{file.FullName}': {ex.Message}");
        }

        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(EvaluateJsonReport.From(result), JsonTypes.EvaluateJsonReport));
        }
        else
        {
            WriteTables(result);
        }

        return ExitCodes.Success;
    }

    private async Task<int> FailAsync(string message)
    {
        await error.WriteLineAsync($"error: {message}");
        return ExitCodes.Usage;
    }

    private void WriteTables(BacktestResult result)
    {
        var bg = result.BgNbd;
        var lifetime = new Table().Title($"Lifetime models ({result.Transactions:N0} transactions, {result.Request.TimeUnit}s)").AddColumns("model", "parameters", "log-likelihood");
        lifetime.AddRow("BG/NBD", $"r={N(bg.R)} alpha={N(bg.Alpha)} a={N(bg.A)} b={N(bg.B)}", N(bg.LogLikelihood));
        lifetime.AddRow("Gamma-Gamma", result.GammaGamma is { } gg ? $"p={N(gg.P)} q={N(gg.Q)} gamma={N(gg.Gamma)}" : "not fitted", result.GammaGamma is { } g ? N(g.LogLikelihood) : "-");
        console.Write(lifetime);

        var holdout = new Table().Title($"Holdout ({N(result.Holdout.HoldoutLength)} {result.Request.TimeUnit}s)").AddColumns("actual purchases", "predicted purchases", "mean absolute error");
        holdout.AddRow(result.Holdout.ActualPurchases.ToString("N0", CultureInfo.InvariantCulture), N(result.Holdout.PredictedPurchases), N(result.Holdout.MeanAbsoluteError));
        console.Write(holdout);

        var churn = new Table().Title($"Churn in the holdout: {result.Churn.Rate:P1} of {result.Churn.Customers:N0} customers").AddColumns("model", "ROC AUC", "PR AUC", "Brier", "top-decile lift", "");
        foreach (var (name, metrics) in result.Churn.Models.OrderByDescending(m => m.Value.RocAuc))
        {
            churn.AddRow(name, N(metrics.RocAuc), N(metrics.PrAuc), N(metrics.Brier), N(metrics.TopDecileLift), name == result.Churn.Best ? "best" : "");
        }

        console.Write(churn);
        if (result.Churn.ClassifierPlan is { } plan)
        {
            console.MarkupLineInterpolated($"classifier trained on {plan}");
        }

        console.MarkupLineInterpolated($"serving churn model: [bold]{result.Churn.Serving}[/]. {result.Churn.ServingReason}");

        var segments = new Table().Title($"Segmentation: {result.Segmentation.EffectiveK} segments").AddColumns("id", "name", "customers");
        foreach (var (id, size) in result.Segmentation.Sizes.OrderByDescending(s => s.Value))
        {
            segments.AddRow(id.ToString(CultureInfo.InvariantCulture), Markup.Escape(result.Segmentation.Names[id]), size.ToString("N0", CultureInfo.InvariantCulture));
        }

        console.Write(segments);
        foreach (var warning in result.Warnings.Where(w => w != result.Churn.ClassifierNotTrainedReason && w != result.Churn.ServingReason))
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
        }
    }

    private static DateOnly ParseDate(ArgumentResult result)
    {
        var token = result.Tokens.LastOrDefault()?.Value;
        if (token is not null && DateOnly.TryParseExact(token, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        var name = result.Parent is OptionResult option ? option.Option.Name : "The date";
        result.AddError($"{name} must be a date yyyy-MM-dd; got '{token}'.");
        return default;
    }

    private static string N(double value) => value.ToString(Math.Abs(value) >= 1000 ? "N2" : "G6", CultureInfo.InvariantCulture);
}
